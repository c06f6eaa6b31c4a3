using static RecordingFunctions.Bench.BenchRun;

namespace RecordingFunctions.Bench.Figures;

/// <summary>
/// Figure 3: adding a file to a large set must cost about what adding it to a small set costs, since the archive is
/// composed from blocks. Measured through the real trigger: from the upload's 2xx until <c>archives/{uuid}.zip</c>
/// lists the new entry (the archive's ETag is polled every 10 ms and its central directory read when it changed).
/// The two sets take turns, and each figure is the median of the repetitions.
/// </summary>
public static class ArchiveFigure
{
    public static async Task<FigureResult> RunAsync(BenchRun run)
    {
        var (largeFiles, largeFileSize, smallSize, addedSize, repetitions) = run.Quick
            ? (1, 8 * MiB, MiB, MiB, 3)
            : (8, 256 * MiB, 8 * MiB, 8 * MiB, 5);
        var name = run.Name($"archive add {SizeText(addedSize)} to {SizeText(largeFiles * largeFileSize)} set");
        Progress($"{name}: filling a set with {largeFiles} x {SizeText(largeFileSize)} and one with {SizeText(smallSize)}");

        var large = await FilledSetAsync(run, largeFiles, largeFileSize);
        var small = await FilledSetAsync(run, 1, smallSize);

        var largeTimes = new List<double>();
        var smallTimes = new List<double>();
        for (var repetition = 1; repetition <= repetitions; repetition++)
        {
            largeTimes.Add(await AddAsync(run, large, $"battery_{repetition}.csv", addedSize));
            smallTimes.Add(await AddAsync(run, small, $"battery_{repetition}.csv", addedSize));
        }

        await run.Storage.DeleteSetAsync(large, run.Cancellation);
        await run.Storage.DeleteSetAsync(small, run.Cancellation);

        var ours = Median(largeTimes);
        var baseline = Median(smallTimes);
        Progress($"{name}: {ours:0} ms vs {baseline:0} ms");
        var note = $"through the blob trigger, 2xx until the zip lists the entry; median of {repetitions}; " +
            $"large set [{string.Join(", ", largeTimes.Select(t => t.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}] ms, " +
            $"{SizeText(smallSize)} set [{string.Join(", ", smallTimes.Select(t => t.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}] ms";
        return FigureResult.Of(name, Hosts.Development, ours, baseline, "ms", Goal.RatioAtMost(1.5), note);
    }

    private static async Task<string> FilledSetAsync(BenchRun run, int files, long size)
    {
        var setId = await run.Client.NewSetAsync(run.Cancellation);
        var names = Enumerable.Range(1, files).Select(i => $"sensor_recording_android_{i}.mkv").ToList();
        await run.UploadFilesAsync(setId, names, size, 2);
        await run.Storage.WaitForArchiveAsync(setId, names, TimeSpan.FromMinutes(15), run.Cancellation);
        return setId;
    }

    private static async Task<double> AddAsync(BenchRun run, string setId, string fileName, long size)
    {
        await run.Client.UploadAsync(setId, fileName, size, run.NextSeed(), declareLength: true, run.Cancellation);
        var elapsed = await run.Storage.WaitForArchiveAsync(setId, [fileName], TimeSpan.FromMinutes(5), run.Cancellation);
        return elapsed.TotalMilliseconds;
    }
}
