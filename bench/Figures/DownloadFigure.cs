using System.Diagnostics;
using static RecordingFunctions.Bench.BenchRun;

namespace RecordingFunctions.Bench.Figures;

/// <summary>
/// Figure 4: downloading a set's zip through the app (<c>GET manage/api/recordings/{uuid}/zip</c>) against reading the
/// archive blob directly with the SDK in one streaming GET. A zip this large is not relayed: the app answers with a
/// redirect to a short-lived read link, which the client follows, as a browser would.
/// Uses the set the upload figures kept (one file of their largest single upload).
/// </summary>
public static class DownloadFigure
{
    public static async Task<FigureResult> RunAsync(BenchRun run)
    {
        var (setId, fileSize) = run.DownloadSet ?? throw new InvalidOperationException("The upload figures keep a set for this figure; run them first.");
        var name = run.Name($"download {SizeText(fileSize)} zip");
        var repetitions = 7;
        Progress($"{name}: {repetitions} repetitions");

        var archive = run.Storage.Archive(setId);
        var ours = new List<double>();
        var baseline = new List<double>();
        for (var repetition = 1; repetition <= repetitions; repetition++)
        {
            await InTurnAsync(
                repetition,
                async () => ours.Add(await MiBPerSecondAsync(() => run.Client.DownloadZipAsync(setId, run.Cancellation))),
                async () => baseline.Add(await MiBPerSecondAsync(async () =>
                {
                    var download = await archive.DownloadStreamingAsync(cancellationToken: run.Cancellation);
                    await using var content = download.Value.Content;
                    return await AppClient.Discard(content, run.Cancellation);
                })));
        }

        await run.Storage.DeleteSetAsync(setId, run.Cancellation);
        Progress($"{name}: ours {Median(ours):0.0} MiB/s, SDK {Median(baseline):0.0} MiB/s");
        return FigureResult.Of(name, Hosts.Development, Median(ours), Median(baseline), "MiB/s", Goal.RatioAtLeast(0.9),
            $"median of {repetitions}, the side going first alternating; baseline = BlobClient.DownloadStreamingAsync of the archive blob");
    }

    private static async Task<double> MiBPerSecondAsync(Func<Task<long>> download)
    {
        var clock = Stopwatch.StartNew();
        var bytes = await download();
        return bytes / (double)MiB / clock.Elapsed.TotalSeconds;
    }
}
