using System.Diagnostics;
using static RecordingFunctions.Bench.BenchRun;

namespace RecordingFunctions.Bench.Figures;

/// <summary>
/// Figure 4: downloading a set's zip through the app (<c>GET manage/api/recordings/{uuid}/zip</c>) against reading the
/// archive blob directly with the SDK in one streaming GET, as a browser following a read link would.
/// Uses the set the upload figures kept (one file of their largest single upload).
/// </summary>
public static class DownloadFigure
{
    public static async Task<FigureResult> RunAsync(BenchRun run)
    {
        var (setId, fileSize) = run.DownloadSet ?? throw new InvalidOperationException("The upload figures keep a set for this figure; run them first.");
        var name = run.Name($"download {SizeText(fileSize)} zip");
        var repetitions = 3;
        Progress($"{name}: {repetitions} repetitions");

        var archive = run.Storage.Archive(setId);
        var ours = new List<double>();
        var baseline = new List<double>();
        for (var repetition = 1; repetition <= repetitions; repetition++)
        {
            var clock = Stopwatch.StartNew();
            var bytes = await run.Client.DownloadZipAsync(setId, run.Cancellation);
            ours.Add(bytes / (double)MiB / clock.Elapsed.TotalSeconds);

            clock.Restart();
            var download = await archive.DownloadStreamingAsync(cancellationToken: run.Cancellation);
            await using (var content = download.Value.Content)
            {
                bytes = await AppClient.Discard(content, run.Cancellation);
            }

            baseline.Add(bytes / (double)MiB / clock.Elapsed.TotalSeconds);
        }

        await run.Storage.DeleteSetAsync(setId, run.Cancellation);
        Progress($"{name}: ours {Median(ours):0.0} MiB/s, SDK {Median(baseline):0.0} MiB/s");
        return FigureResult.Of(name, Median(ours), Median(baseline), "MiB/s", Goal.RatioAtLeast(0.9),
            $"median of {repetitions}; baseline = BlobClient.DownloadStreamingAsync of the archive blob");
    }
}
