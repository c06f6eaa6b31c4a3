using System.Diagnostics;
using RecordingFunctions.Bench;
using RecordingFunctions.Bench.Figures;

// The benchmark of issue 5: the app against plain-client baselines, in one run, on this machine against Azurite.
// ./bench.sh runs it; --quick is the seconds-long smoke variant for CI. Figures are facts, not gates: exit 0 when it ran.
string[] figureNames = ["memory", "upload", "archive", "download", "list", "participants", "large-archive", "real-host"];
var quick = args.Contains("--quick");
var only = args.Where(a => a != "--quick").ToArray();
if (only.Any(a => !figureNames.Contains(a)))
{
    Console.Error.WriteLine($"usage: ./bench.sh [--quick] [figure ...], figures: {string.Join(", ", figureNames)} (default: all)");
    return 2;
}

// The most uploads a figure sends at once; each comes from a watch of its own, as in the field.
const int concurrentWatches = 16;
var repositoryRoot = FindRepositoryRoot();
var prefix = "b" + Guid.NewGuid().ToString("N")[..7];
var admin = new AdminCredentials("bench", "pw-" + Guid.NewGuid().ToString("N")[..16]);
var resultsPath = Path.Combine(repositoryRoot, "bench", "results.json");
var storage = new BenchStorage(prefix);
var results = new List<FigureResult>();
var watches = new List<AppClient>();
IReadOnlyList<(string Figure, string Reason)> skipped = [];

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

BenchRun.Progress($"{(quick ? "Quick" : "Full")} benchmark; storage prefix {prefix}");
try
{
    await using var app = await AppProcess.StartAsync(repositoryRoot, prefix, admin, cancellation.Token);
    BenchRun.Progress($"App process {app.Id} serving on {app.BaseAddress} (log {app.LogPath})");
    for (var i = 0; i < concurrentWatches; i++)
    {
        var watch = new AppClient(app.BaseAddress, admin);
        watches.Add(watch);
        await watch.PairAsync($"bench-{prefix}-{i}", cancellation.Token);
    }

    await watches[0].SetMaxUploadBytesAsync(BenchRun.MaxUploadBytes, cancellation.Token);

    await storage.Baseline.CreateIfNotExistsAsync(cancellationToken: cancellation.Token);
    var run = new BenchRun(quick, prefix, app, watches, storage, admin, repositoryRoot, cancellation.Token);
    skipped = run.Skipped;

    // Memory first, before the warm-up: on a process that has served no upload, earlier buffers cannot hide the growth.
    // The download figure reads the largest file the upload figures kept: name both to run it.
    (string Name, Func<Task<IReadOnlyList<FigureResult>>> Run)[] figures =
    [
        ("memory", async () => [await MemoryFigure.RunAsync(run)]),
        ("upload", () => UploadFigures.RunAsync(run)),
        ("archive", async () => [await ArchiveFigure.RunAsync(run)]),
        ("download", async () => [await DownloadFigure.RunAsync(run)]),
        ("list", async () => [await ListFigure.RunAsync(run)]),
        ("participants", () => ParticipantFigures.RunAsync(run)),
        ("large-archive", async () => quick ? [] : [await LargeArchiveFigure.RunAsync(run)]),
        ("real-host", () => RealHostFigures.RunAsync(run)),
    ];
    var warmedUp = false;
    foreach (var figure in figures.Where(f => only.Length == 0 || only.Contains(f.Name)))
    {
        // The real-host figures warm up hosts of their own.
        if (figure.Name is not ("memory" or "real-host") && !warmedUp)
        {
            await WarmUpAsync(run);
            warmedUp = true;
        }

        results.AddRange(await figure.Run());
        ResultsReport.Write(resultsPath, results);
    }
}
finally
{
    watches.ForEach(watch => watch.Dispose());
    BenchRun.Progress($"Deleting the containers and tables of prefix {prefix}");
    await storage.DeleteAllAsync(prefix, CancellationToken.None);
}

ResultsReport.Print(results, skipped, quick);
Console.WriteLine($"Results written to {Path.GetRelativePath(Environment.CurrentDirectory, resultsPath)}");
return 0;

// Before the timed figures both sides are warmed up: connections opened, and the code of each upload path (a small file
// buffered, a larger one streamed; the plain client's) run often enough for tiered compilation to have optimised it,
// so the figures are those of a running instance, not of its first requests.
static async Task WarmUpAsync(BenchRun run)
{
    var rounds = run.Quick ? 3 : 40;
    var clock = Stopwatch.StartNew();
    var sets = await run.NewSetsAsync(rounds, "warm_up.mkv");
    var parallel = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = run.Cancellation };
    var blobs = Enumerable.Range(1, rounds).Select(i => run.Storage.Baseline.GetBlobClient($"warm-up-{i}")).ToList();
    var files = new List<SetFileName>();
    foreach (var size in new[] { BenchRun.MiB, 8 * BenchRun.MiB })
    {
        var named = sets.Select(set => set with { Name = $"warm_up_{size / BenchRun.MiB}.mkv" }).ToList();
        files.AddRange(named);
        await run.UploadFilesAsync(named, size, parallel.MaxDegreeOfParallelism);
        await Parallel.ForEachAsync(blobs, parallel, async (blob, token) =>
            await blob.UploadAsync(new SeededStream(run.NextSeed(), size), overwrite: true, token));
    }

    await run.SettleAsync(files, delete: false);
    foreach (var set in sets)
    {
        await run.Storage.DeleteSetAsync(set.SetId, run.Cancellation);
    }

    await Parallel.ForEachAsync(blobs, parallel, async (blob, token) => await blob.DeleteAsync(cancellationToken: token));

    // Tiered compilation optimises in the background for a moment after the last call.
    await Task.Delay(TimeSpan.FromSeconds(2), run.Cancellation);
    BenchRun.Progress($"Warmed up: {rounds} uploads of 1 and of 8 MiB each through the app and the plain client in {clock.Elapsed.TotalSeconds:0.0} s");
}

static string FindRepositoryRoot()
{
    for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "RecordingFunctions.sln")))
        {
            return folder.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmark from inside the repository (./bench.sh).");
}
