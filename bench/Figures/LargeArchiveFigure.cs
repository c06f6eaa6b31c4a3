using System.Diagnostics;
using static RecordingFunctions.Bench.BenchRun;

namespace RecordingFunctions.Bench.Figures;

/// <summary>
/// Figure 6 (full runs only): a set whose archive passes 4 GiB, so it needs ZIP64, composed by the archiver from
/// uploads through the app, downloaded to a temporary file and checked with Info-ZIP's <c>unzip -t</c>, which reads
/// every entry and checks its CRC-32.
/// </summary>
public static class LargeArchiveFigure
{
    private const int Files = 5;
    private const long FileSize = 900 * MiB;
    private const long FourGiB = 4 * GiB;
    private const long RequiredFreeBytes = 15_000_000_000;

    public static async Task<FigureResult> RunAsync(BenchRun run)
    {
        var name = "archive over 4 GiB unzip -t";
        var scratch = Path.GetTempPath();
        var free = new DriveInfo(scratch).AvailableFreeSpace;
        if (free < RequiredFreeBytes)
        {
            var message = $"skipped: {free / 1e9:0.0} GB free under {scratch}, 15 GB needed (uploads, their archive, and the downloaded copy)";
            Progress($"{name}: {message}");
            return new FigureResult(name, Hosts.Development, 0, FourGiB / (double)GiB, "GiB", 0, "unzip -t passes on a zip over 4 GiB", null, message);
        }

        Progress($"{name}: uploading {Files} x {SizeText(FileSize)}");
        var setId = await run.Client.NewSetAsync(run.Cancellation);
        var names = Enumerable.Range(1, Files).Select(i => $"ffmpeg_{i}_2024-05-01T10:00+0000_bench.mkv").ToList();
        var zipPath = Path.Combine(scratch, $"bench-{run.Prefix}-{setId}.zip");
        try
        {
            await run.UploadFilesAsync(setId, names, FileSize, 2);
            // The app stores the watch's ':' as '_' (see UploadFileName); the zip lists the stored names.
            var stored = names.Select(n => n.Replace(':', '_')).ToList();
            await run.Storage.WaitForArchiveAsync(setId, stored, TimeSpan.FromMinutes(30), run.Cancellation);
            var size = (await run.Storage.Archive(setId).GetPropertiesAsync(cancellationToken: run.Cancellation)).Value.ContentLength;

            Progress($"{name}: downloading {size / (double)GiB:0.00} GiB and running unzip -t");
            await run.Storage.Archive(setId).DownloadToAsync(zipPath, run.Cancellation);
            var (passed, summary) = await TestZipAsync(zipPath, run.Cancellation);
            var result = new FigureResult(
                name,
                Hosts.Development,
                Math.Round(size / (double)GiB, 3),
                FourGiB / (double)GiB,
                "GiB",
                Math.Round(size / (double)FourGiB, 3),
                "unzip -t passes on a zip over 4 GiB",
                passed && size > FourGiB,
                $"unzip -t {(passed ? "passed" : "FAILED")}: {summary}; {Files} x {SizeText(FileSize)} uploaded through the app; baseline column = the ZIP64 threshold");
            Progress($"{name}: {result.Note}");
            return result;
        }
        finally
        {
            File.Delete(zipPath);
            await run.Storage.DeleteSetAsync(setId, run.Cancellation);
        }
    }

    private static async Task<(bool Passed, string Summary)> TestZipAsync(string path, CancellationToken ct)
    {
        var start = new ProcessStartInfo("/usr/bin/unzip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-t");
        start.ArgumentList.Add(path);
        using var unzip = Process.Start(start)!;
        var output = unzip.StandardOutput.ReadToEndAsync(ct);
        var errors = unzip.StandardError.ReadToEndAsync(ct);
        await unzip.WaitForExitAsync(ct);
        var lines = (await output + await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (unzip.ExitCode == 0, $"exit {unzip.ExitCode}, \"{lines.LastOrDefault()}\"");
    }
}
