using System.Diagnostics;
using Azure.Storage.Blobs.Models;
using static RecordingFunctions.Bench.BenchRun;

namespace RecordingFunctions.Bench.Figures;

/// <summary>
/// Figure 1: upload throughput through the app (multipart to the upload function, streamed into a block blob) against
/// the plain client's <c>BlobClient.UploadAsync</c> of the same bytes to the same Azurite. Ours is timed from the
/// request until the 2xx; the archive the upload triggers is let settle before the next measurement starts.
/// </summary>
public static class UploadFigures
{
    private sealed record Case(long Size, int AtOnce, int Repetitions);

    public static async Task<IReadOnlyList<FigureResult>> RunAsync(BenchRun run)
    {
        // 16 x 1 GiB would take 32 GiB of disk and far too long: "16 at once" stops at 64 MiB.
        Case[] cases = run.Quick
            ? [new(MiB, 1, 3), new(MiB, 16, 1)]
            : [new(MiB, 1, 21), new(64 * MiB, 1, 7), new(GiB, 1, 1), new(MiB, 16, 11), new(64 * MiB, 16, 3)];
        var keptForDownload = cases.Where(c => c.AtOnce == 1).MaxBy(c => c.Size)!;

        var results = new List<FigureResult>();
        foreach (var c in cases)
        {
            var name = run.Name($"upload {SizeText(c.Size)} x{c.AtOnce}");
            Progress($"{name}: {c.Repetitions} repetition(s)");
            var ours = new List<double>();
            var baseline = new List<double>();
            for (var repetition = 1; repetition <= c.Repetitions; repetition++)
            {
                var keep = c == keptForDownload && repetition == c.Repetitions;
                await InTurnAsync(
                    repetition,
                    async () => ours.Add(await OursAsync(run, c, keep)),
                    async () => baseline.Add(await BaselineAsync(run, c)));
            }

            var note = c.Repetitions > 1 ? $"median of {c.Repetitions} repetitions, the side going first alternating" : "one repetition";
            if (c.AtOnce > 1)
            {
                note += $"; {c.AtOnce} watches at once, each into its own set; plain client: {c.AtOnce} UploadAsync at once";
            }

            if (!run.Quick && c.AtOnce == 16)
            {
                note += "; measured up to 64 MiB only (16 x 1 GiB exceeds the disk and time budget)";
            }

            results.Add(FigureResult.Of(name, Hosts.Development, Median(ours), Median(baseline), "MiB/s", Goal.RatioAtLeast(0.9), note));
            Progress($"{name}: ours {Median(ours):0.0} MiB/s, plain client {Median(baseline):0.0} MiB/s");
        }

        return results;
    }

    private static async Task<double> OursAsync(BenchRun run, Case c, bool keep)
    {
        var files = await run.NewSetsAsync(c.AtOnce, "sensor_recording_android_1.mkv");
        var clock = Stopwatch.StartNew();
        await run.UploadFilesAsync(files, c.Size, c.AtOnce);
        var elapsed = clock.Elapsed;

        await run.SettleAsync(files, delete: !keep);
        if (keep)
        {
            run.DownloadSet = (files[0].SetId, c.Size);
        }

        return c.Size * c.AtOnce / (double)MiB / elapsed.TotalSeconds;
    }

    private static async Task<double> BaselineAsync(BenchRun run, Case c)
    {
        var blobs = Enumerable.Range(1, c.AtOnce).Select(_ => run.Storage.Baseline.GetBlobClient(Guid.NewGuid().ToString("N"))).ToList();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(blobs.Select(blob => blob.UploadAsync(new SeededStream(run.NextSeed(), c.Size), run.Cancellation)));
        var elapsed = clock.Elapsed;

        await Task.WhenAll(blobs.Select(blob => blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: run.Cancellation)));
        return c.Size * c.AtOnce / (double)MiB / elapsed.TotalSeconds;
    }
}
