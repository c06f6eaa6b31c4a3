using Azure.Storage.Blobs.Models;
using RecordingFunctions.Http;

namespace RecordingFunctions.Bench;

/// <summary>
/// Both sides of the real-host figures, each its own function app under its own real Functions host on this machine's
/// Azurite: the app (Functions/, paired watches uploading into sets) and the baseline (bench/BaselineFunction, which
/// only streams the request body to a blob). The app gets a storage prefix of its own, below the run's, so the run's
/// cleanup removes its data too.
/// </summary>
public sealed class RealHostSides : IAsyncDisposable
{
    private readonly BenchRun _run;

    private RealHostSides(BenchRun run, BenchStorage storage, FunctionsHostProcess ours, FunctionsHostProcess baseline)
    {
        _run = run;
        Storage = storage;
        Ours = ours;
        Baseline = baseline;
        BaselineClient = new BaselineFunctionClient(baseline.BaseAddress);
    }

    public FunctionsHostProcess Ours { get; }

    public FunctionsHostProcess Baseline { get; }

    /// <summary>The app's storage under the real host; its Baseline container is where the baseline function writes.</summary>
    public BenchStorage Storage { get; }

    /// <summary>Paired watches of the app under the real host, one per concurrent upload.</summary>
    public List<AppClient> Watches { get; } = [];

    public BaselineFunctionClient BaselineClient { get; }

    /// <summary>Starts both hosts at once and pairs <paramref name="watches"/> watches with the app.</summary>
    public static async Task<RealHostSides> StartAsync(BenchRun run, string script, int watches)
    {
        var prefix = run.Prefix + "f";
        var storage = new BenchStorage(prefix);
        await storage.Baseline.CreateIfNotExistsAsync(cancellationToken: run.Cancellation);
        var settings = Path.Combine(run.RepositoryRoot, "local.settings.sample.json");
        Dictionary<string, string> quiet = new()
        {
            ["AzureWebJobsStorage"] = BenchStorage.ConnectionString,
            // The host keys go to the host's private copy, removed when it stops, not into the shared storage.
            ["AzureWebJobsSecretStorageType"] = "files",
            // As the development host runs the app in this benchmark: warnings only, on both sides.
            ["AzureFunctionsJobHost__logging__logLevel__default"] = "Warning",
            ["Logging__LogLevel__Default"] = "Warning",
            // The host answers a body over its limit itself; both hosts take the largest the app is set to accept.
            ["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"] = $"{BenchRun.MaxUploadBytes + RequestLimits.MultipartOverhead}",
        };
        Dictionary<string, string> app = new(quiet)
        {
            ["RecordingsStorage"] = BenchStorage.ConnectionString,
            ["Recordings__Storage__Prefix"] = prefix,
            ["RECORDINGS_ADMIN_USER"] = run.Admin.User,
            ["RECORDINGS_ADMIN_PASSWORD"] = run.Admin.Password,
            ["Recordings__MaxUploadBytes"] = $"{BenchRun.MaxUploadBytes}",
            // The blob trigger's path names the unprefixed "recordings" container, another than this run's; the
            // archive it drives is no part of an upload's time (the development-host figures let it settle off the clock).
            ["AzureWebJobs.ArchiveSetOnBlobPolling.Disabled"] = "true",
        };
        Dictionary<string, string> baseline = new(quiet)
        {
            ["BASELINE_STORAGE"] = BenchStorage.ConnectionString,
            ["BASELINE_CONTAINER"] = storage.Baseline.Name,
        };

        var oursStarting = FunctionsHostProcess.StartAsync(
            script, BuildOutput(run, "Functions"), "RecordingFunctions.dll", settings, app,
            async (http, ct) =>
            {
                using var health = await http.GetAsync("health", ct);
                return health.IsSuccessStatusCode;
            },
            Path.Combine(Path.GetTempPath(), $"bench-funchost-{prefix}-app.log"), run.Cancellation);
        var baselineStarting = FunctionsHostProcess.StartAsync(
            script, BuildOutput(run, Path.Combine("bench", "BaselineFunction")), "BaselineFunction.dll", settings, baseline,
            async (http, ct) =>
            {
                using var probe = new ByteArrayContent([1]);
                using var stored = await http.PostAsync("upload/ready-probe", probe, ct);
                return stored.IsSuccessStatusCode;
            },
            Path.Combine(Path.GetTempPath(), $"bench-funchost-{prefix}-baseline.log"), run.Cancellation);
        try
        {
            await Task.WhenAll(oursStarting, baselineStarting);
        }
        catch
        {
            // Whichever did start is stopped again.
            foreach (var started in new[] { oursStarting, baselineStarting }.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        var sides = new RealHostSides(run, storage, oursStarting.Result, baselineStarting.Result);
        try
        {
            for (var i = 0; i < watches; i++)
            {
                var watch = new AppClient(sides.Ours.BaseAddress, run.Admin);
                sides.Watches.Add(watch);
                await watch.PairAsync($"bench-{prefix}-{i}", run.Cancellation);
            }

            await sides.Watches[0].SetMaxUploadBytesAsync(BenchRun.MaxUploadBytes, run.Cancellation);
        }
        catch
        {
            await sides.DisposeAsync();
            throw;
        }

        return sides;
    }

    /// <summary>One upload into a new set per watch, all at once; returns how long until the last 2xx, and deletes the sets.</summary>
    public async Task<UploadCost> OursAsync(int atOnce, long size, bool declareLength, CancellationToken ct)
    {
        var sets = new List<string>();
        for (var i = 0; i < atOnce; i++)
        {
            sets.Add(await Watches[i].NewSetAsync(ct));
        }

        var cost = await UploadCost.MeasureAsync(Ours, () => Task.WhenAll(sets.Select((set, i) =>
            Watches[i].UploadAsync(set, "sensor_recording_android_1.mkv", size, _run.NextSeed(), declareLength, ct))));
        foreach (var set in sets)
        {
            await Storage.DeleteSetAsync(set, _run.Cancellation);
        }

        return cost;
    }

    /// <summary>The same bodies to the baseline function, all at once; returns how long until the last 2xx, and deletes the blobs.</summary>
    public async Task<UploadCost> BaselineAsync(int atOnce, long size, bool declareLength, CancellationToken ct)
    {
        var names = Enumerable.Range(0, atOnce).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var cost = await UploadCost.MeasureAsync(Baseline, () => Task.WhenAll(names.Select(name =>
            BaselineClient.UploadAsync(name, "sensor_recording_android_1.mkv", size, _run.NextSeed(), declareLength, ct))));
        foreach (var name in names)
        {
            await Storage.Baseline.DeleteBlobIfExistsAsync(name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: _run.Cancellation);
        }

        return cost;
    }

    public async ValueTask DisposeAsync()
    {
        Watches.ForEach(watch => watch.Dispose());
        BaselineClient.Dispose();
        await Task.WhenAll(Ours.DisposeAsync().AsTask(), Baseline.DisposeAsync().AsTask());
    }

    /// <summary>A function app's Release build output, which the benchmark's own build keeps up to date.</summary>
    private static string BuildOutput(BenchRun run, string project) => Path.Combine(run.RepositoryRoot, project, "bin", "Release", "net10.0");
}

/// <summary>What uploads took: the time until the last 2xx, and the CPU time the host and the worker used meanwhile.</summary>
public sealed record UploadCost(TimeSpan Elapsed, TimeSpan HostCpu, TimeSpan WorkerCpu)
{
    public static async Task<UploadCost> MeasureAsync(FunctionsHostProcess side, Func<Task> uploads)
    {
        var (host, worker) = side.CpuTime();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await uploads();
        var elapsed = clock.Elapsed;
        var (hostAfter, workerAfter) = side.CpuTime();
        return new UploadCost(elapsed, hostAfter - host, workerAfter - worker);
    }
}
