namespace RecordingFunctions.Storage;

/// <summary>
/// The one retry policy for a read-modify-write under an ETag (or an insert that expects no row): an attempt that lost
/// a race to another writer is run again from its read, after a short random pause that grows with each attempt, so
/// writers racing each other spread out. After <see cref="MaxAttempts"/> the conflict reaches the caller: a trigger's
/// retry, or the request's error answer.
/// </summary>
public static class OptimisticConcurrency
{
    public const int MaxAttempts = 20;

    /// <summary>Another writer got there first: the ETag no longer matches (412), or the row now exists (409).</summary>
    public static bool IsLostRace(RequestFailedException failure) => failure.Status is 409 or 412;

    /// <summary>Runs <paramref name="attempt"/> until it does not lose a race (<paramref name="lostRace"/>, default <see cref="IsLostRace"/>).</summary>
    /// <param name="onLostRace">Told of each lost race before the pause (to log it).</param>
    public static async Task<T> RetryAsync<T>(
        Func<Task<T>> attempt,
        CancellationToken cancellationToken,
        Func<RequestFailedException, bool>? lostRace = null,
        Action<int, RequestFailedException>? onLostRace = null)
    {
        lostRace ??= IsLostRace;
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt();
            }
            catch (RequestFailedException e) when (number < MaxAttempts && lostRace(e))
            {
                onLostRace?.Invoke(number, e);
                await Task.Delay(Pause(number), cancellationToken);
            }
        }
    }

    public static Task RetryAsync(
        Func<Task> attempt, CancellationToken cancellationToken, Func<RequestFailedException, bool>? lostRace = null) =>
        RetryAsync(async () =>
        {
            await attempt();
            return true;
        }, cancellationToken, lostRace);

    /// <summary>"Full jitter": random up to a ceiling that doubles from 20 ms with each attempt, to at most 2 s.</summary>
    public static TimeSpan Pause(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(MaxPause.TotalMilliseconds, 10 * Math.Pow(2, attempt)));

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(2);
}
