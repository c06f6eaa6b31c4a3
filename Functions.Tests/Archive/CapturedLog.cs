using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RecordingFunctions.Tests.Archive;

/// <summary>Keeps every log entry, so tests can count what the archiver reported.</summary>
internal sealed class CapturedLog<T> : ILogger<T>
{
    public ConcurrentQueue<(EventId Event, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((eventId, formatter(state, exception)));
}
