using System.Diagnostics;
using System.Globalization;

namespace RecordingFunctions.Bench;

/// <summary>What every figure shares: the app process and its client, direct storage access, and the run's mode.</summary>
public sealed class BenchRun(bool quick, string prefix, AppProcess app, IReadOnlyList<AppClient> watches, BenchStorage storage, AdminCredentials admin, string repositoryRoot, CancellationToken ct)
{
    public const long MiB = 1024 * 1024;
    public const long GiB = 1024 * MiB;

    /// <summary>
    /// The largest upload the apps under test are set to accept (the deployment's setting and the study's), above the
    /// largest file a figure sends (1 GiB); the deployment's default is far lower.
    /// </summary>
    public const long MaxUploadBytes = 4 * GiB;

    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private long _seed = 0x5EED;

    public bool Quick { get; } = quick;

    public string Prefix { get; } = prefix;

    public AppProcess App { get; } = app;

    /// <summary>Paired watches, one per concurrent upload; the first also acts for the admin.</summary>
    public IReadOnlyList<AppClient> Watches { get; } = watches;

    public AppClient Client => Watches[0];

    public BenchStorage Storage { get; } = storage;

    public AdminCredentials Admin { get; } = admin;

    public string RepositoryRoot { get; } = repositoryRoot;

    public CancellationToken Cancellation { get; } = ct;

    /// <summary>The set kept by the upload figures for the download figure: its id and the size of its one file.</summary>
    public (string SetId, long FileSize)? DownloadSet { get; set; }

    /// <summary>Figures this run left out, each with the reason, for the report.</summary>
    public List<(string Figure, string Reason)> Skipped { get; } = [];

    /// <summary>Records and prints that a figure is not measured, and why.</summary>
    public void NotMeasured(string figure, string reason)
    {
        Skipped.Add((figure, reason));
        Progress($"{figure}: {reason}");
    }

    /// <summary>A new seed per body, the same sequence in every run.</summary>
    public ulong NextSeed() => (ulong)Interlocked.Increment(ref _seed);

    /// <summary>A figure's name: full runs use it as is, quick runs mark it.</summary>
    public string Name(string figure) => Quick ? figure + " (quick)" : figure;

    public static void Progress(string message) =>
        Console.Error.WriteLine($"[{Clock.Elapsed.TotalSeconds,7:0.0}s] {message}");

    public static string SizeText(long bytes) => bytes >= GiB && bytes % GiB == 0
        ? $"{bytes / GiB} GiB"
        : $"{(bytes / (double)MiB).ToString("0.#", CultureInfo.InvariantCulture)} MiB";

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// Runs ours and the baseline one after the other, ours first in odd repetitions and the baseline first in even
    /// ones, so that neither side always runs right after the other's work (a cold cache, a settling archive).
    /// </summary>
    public static async Task InTurnAsync(int repetition, Func<Task> ours, Func<Task> baseline)
    {
        var (first, second) = repetition % 2 == 1 ? (ours, baseline) : (baseline, ours);
        await first();
        await second();
    }

    /// <summary>Uploads files of one size into a set through the app, <paramref name="parallel"/> at a time.</summary>
    public Task UploadFilesAsync(string setId, IReadOnlyList<string> names, long size, int parallel) =>
        UploadFilesAsync([.. names.Select(name => new SetFileName(setId, name, 0))], size, parallel);

    /// <summary>Uploads files of one size, each into its set, <paramref name="parallel"/> at a time.</summary>
    public async Task UploadFilesAsync(IReadOnlyList<SetFileName> files, long size, int parallel)
    {
        await Parallel.ForEachAsync(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = Cancellation },
            async (file, token) => await Watches[file.Watch].UploadAsync(file.SetId, file.Name, size, NextSeed(), declareLength: true, token));
    }

    /// <summary>
    /// "At once" means that many watches, each paired and uploading into its own set: one watch sends the files of a
    /// set one after another, so concurrent uploads into one set, or of one device, are not what the field produces.
    /// </summary>
    public async Task<IReadOnlyList<SetFileName>> NewSetsAsync(int count, string fileName)
    {
        var files = new List<SetFileName>();
        for (var i = 0; i < count; i++)
        {
            var watch = i % Watches.Count;
            files.Add(new SetFileName(await Watches[watch].NewSetAsync(Cancellation), fileName, watch));
        }

        return files;
    }

    /// <summary>Waits until every set's archive holds its file, then deletes the sets unless told to keep them.</summary>
    public async Task SettleAsync(IReadOnlyList<SetFileName> files, bool delete)
    {
        foreach (var file in files)
        {
            await Storage.WaitForArchiveAsync(file.SetId, [file.Name], TimeSpan.FromMinutes(10), Cancellation);
        }

        if (delete)
        {
            foreach (var file in files)
            {
                await Storage.DeleteSetAsync(file.SetId, Cancellation);
            }
        }
    }
}

public sealed record SetFileName(string SetId, string Name, int Watch);
