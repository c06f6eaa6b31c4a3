using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>The app's log entries of level Warning and above, so a test can tell an expected event from an error.</summary>
public sealed class AppLog : ILoggerProvider
{
    public ConcurrentQueue<AppLogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(AppLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Entries.Enqueue(new AppLogEntry(category, logLevel, formatter(state, exception), exception));
            }
        }
    }
}

public sealed record AppLogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
