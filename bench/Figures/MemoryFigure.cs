using static RecordingFunctions.Bench.BenchRun;

namespace RecordingFunctions.Bench.Figures;

/// <summary>
/// Figure 2: how much the app process's resident memory grows while 16 watches upload at once, each into its own set. Run first,
/// before the warm-up, on a process that has served no upload, so earlier buffers do not hide the growth. The baseline
/// column is the goal itself (256 MiB): the plain client runs in the benchmark's own process, whose memory also
/// holds the generators and HTTP buffers of both sides, so its growth would not be comparable.
/// </summary>
public static class MemoryFigure
{
    private const int AtOnce = 16;
    private const long Budget = 256 * MiB;

    public static async Task<FigureResult> RunAsync(BenchRun run)
    {
        var size = run.Quick ? 4 * MiB : 256 * MiB;
        var name = run.Name($"memory {AtOnce}x{SizeText(size)}");
        Progress($"{name}: {AtOnce} uploads at once");

        var files = await run.NewSetsAsync(AtOnce, "android_sensor_accelerometer_1.zip");
        var before = run.App.ReadMemory();
        var peakReset = run.App.ResetPeakMemory();

        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(run.Cancellation);
        var sampler = SamplePeakAsync(run.App, sampling.Token);
        await run.UploadFilesAsync(files, size, AtOnce);
        await sampling.CancelAsync();
        var sampledPeak = await sampler;
        var after = run.App.ReadMemory();

        await run.SettleAsync(files, delete: true);

        var peak = Math.Max(after.PeakRss, sampledPeak);
        var growth = (peak - before.Rss) / (double)MiB;
        var note = $"peak RSS {peak / MiB} MiB (VmHWM {(peakReset ? "reset before the uploads" : "since start: clear_refs refused")}, " +
            $"sampled every 20 ms {sampledPeak / MiB} MiB) minus RSS before {before.Rss / MiB} MiB; baseline column = the goal";
        Progress($"{name}: grew {growth:0.0} MiB");
        return FigureResult.Of(name, Hosts.Development, growth, Budget / (double)MiB, "MiB", Goal.RatioBelow(1, "growth < 256 MiB"), note);
    }

    private static async Task<long> SamplePeakAsync(AppProcess app, CancellationToken ct)
    {
        long peak = 0;
        while (!ct.IsCancellationRequested)
        {
            peak = Math.Max(peak, app.ReadMemory().Rss);
            try
            {
                await Task.Delay(20, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return peak;
    }
}
