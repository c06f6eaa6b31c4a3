namespace RecordingFunctions.Bench;

/// <summary>
/// Runs work while sampling, every 20 ms, the resident memory of some processes and the machine's available memory.
/// If the machine's falls below <see cref="Floor"/>, the work is cancelled: a benchmark must not take the machine down
/// (a body with Content-Length costs the real Functions host several times its size).
/// </summary>
public static class MemoryWatch
{
    /// <summary>The machine's available memory below which the work is stopped.</summary>
    public const long Floor = 2 * BenchRun.GiB;

    /// <returns>The work's result and each process's highest sampled RSS, in the order given.</returns>
    /// <exception cref="MemoryFloorException">The machine's available memory fell below <see cref="Floor"/>.</exception>
    public static async Task<(T Result, long[] PeakRss)> RunAsync<T>(IReadOnlyList<int> processIds, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var peaks = new long[processIds.Count];
        long? lowAvailable = null;
        var sampler = Task.Run(
            async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    for (var i = 0; i < processIds.Count; i++)
                    {
                        peaks[i] = Math.Max(peaks[i], ProcessMemory.Read(processIds[i]).Rss);
                    }

                    var available = ProcessMemory.MachineAvailable();
                    if (available < Floor)
                    {
                        lowAvailable = available;
                        await stop.CancelAsync();
                        return;
                    }

                    await Task.Delay(20, CancellationToken.None);
                }
            },
            CancellationToken.None);
        try
        {
            var result = await work(stop.Token);
            return (result, peaks);
        }
        catch (OperationCanceledException) when (lowAvailable is { } available)
        {
            throw new MemoryFloorException(available);
        }
        finally
        {
            await stop.CancelAsync();
            await sampler;
        }
    }
}

/// <summary>The machine ran low on memory during a figure, which was stopped.</summary>
public sealed class MemoryFloorException(long available)
    : Exception($"the machine's available memory fell to {available / BenchRun.MiB} MiB (below {MemoryWatch.Floor / BenchRun.MiB} MiB)");
