using System.Diagnostics;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// Waits for what follows a request a moment later (a set's zip, its index row, the sensor quality) or what a process
/// does once started (a host answering, Azurite listening): asks again every <see cref="Interval"/> until the answer
/// is the one awaited, and fails after <see cref="Timeout"/> naming what was awaited and the last answer.
/// </summary>
public static class Eventually
{
    /// <summary>
    /// The longest wait: the real host's polling blob trigger backs off its container scan to a minute while it finds
    /// nothing new, and a host starting on a busy machine takes tens of seconds.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(150);

    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Asks <paramref name="probe"/> until <paramref name="settled"/> holds for its answer, and answers that answer. An
    /// exception from the probe ends the wait at once (a process that exited has nothing more to give).
    /// </summary>
    /// <param name="describe">The answer as the failure message shows it; its ToString() when not given.</param>
    public static async Task<T> UntilAsync<T>(string awaited, Func<Task<T>> probe, Func<T, bool> settled, Func<T, string>? describe = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var answer = await probe();
            if (settled(answer))
            {
                return answer;
            }

            if (waited.Elapsed > Timeout)
            {
                var shown = describe is null ? answer?.ToString() ?? "null" : describe(answer);
                throw new TimeoutException($"Waited {Timeout.TotalSeconds:F0} s for {awaited}; the last answer was {shown}");
            }

            await Task.Delay(Interval);
        }
    }

    /// <summary>Asks <paramref name="condition"/> until it holds.</summary>
    public static Task UntilAsync(string awaited, Func<Task<bool>> condition) =>
        UntilAsync(awaited, condition, holds => holds, _ => "false");

    /// <summary>Checks <paramref name="condition"/>, which needs no request, until it holds.</summary>
    public static Task UntilAsync(string awaited, Func<bool> condition) =>
        UntilAsync(awaited, () => Task.FromResult(condition()));
}
