using System.Globalization;
using static RecordingFunctions.Bench.BenchRun;

namespace RecordingFunctions.Bench.Figures;

/// <summary>
/// Uploads through the real Azure Functions host: the app's upload function (a paired watch's multipart body) against
/// the least any function can do there, bench/BaselineFunction streaming the same body into a blob under a host of
/// its own. Each size goes one at a time and 16 at once, with a Content-Length (as the watch sends) and chunked. First,
/// on hosts that have served no upload, the memory each upload costs the host and the worker process on each side.
/// </summary>
public static class RealHostFigures
{
    /// <summary>The most uploads a figure sends at once, each from a watch of its own.</summary>
    private const int ConcurrentWatches = 16;

    /// <summary>
    /// Memory the host is taken to need per byte of a body with Content-Length, which it reads whole before the
    /// function runs: measured at about 5.6, rounded up.
    /// </summary>
    private const int HostBytesPerDeclaredByte = 6;

    /// <summary>Memory each upload is taken to need besides that: the workers' block buffers, the host's copy buffers.</summary>
    private const long PerUploadAllowance = 64 * MiB;

    /// <summary>A case is not started unless the machine would keep this much available memory beyond its estimated need.</summary>
    private const long Reserve = 3 * GiB;

    private static readonly string[] Framing = ["chunked", "Content-Length"];

    private sealed record Case(long Size, int AtOnce, bool DeclareLength, int Repetitions);

    public static async Task<IReadOnlyList<FigureResult>> RunAsync(BenchRun run)
    {
        if (FunctionsHostProcess.FindScript(run.RepositoryRoot) is not { } script)
        {
            run.NotMeasured(
                "real Functions host figures",
                $"no Functions host: {Path.GetFullPath(Path.Combine(run.RepositoryRoot, "..", "shared", "funchost", "func-host.sh"))} does not exist and FUNC_HOST names no other");
            return [];
        }

        Progress($"Real Functions host ({script}): starting the app and the baseline function, each under its own host");
        await using var sides = await RealHostSides.StartAsync(run, script, run.Quick ? 1 : ConcurrentWatches);
        Progress($"App: host {sides.Ours.HostId}, worker {sides.Ours.WorkerId} on {sides.Ours.BaseAddress} (log {sides.Ours.LogPath}); " +
            $"baseline: host {sides.Baseline.HostId}, worker {sides.Baseline.WorkerId} on {sides.Baseline.BaseAddress} (log {sides.Baseline.LogPath})");

        var results = new List<FigureResult>();
        try
        {
            results.AddRange(await MemoryAsync(run, sides));
            await WarmUpAsync(run, sides);
            results.AddRange(await ThroughputAsync(run, sides));
        }
        catch (MemoryFloorException e)
        {
            // The hosts are stopped (and their memory freed) on the way out; the figures measured so far stand.
            run.NotMeasured("the remaining real Functions host figures", $"stopped: {e.Message}");
        }

        return results;
    }

    /// <summary>One upload per size and framing, on each side: the growth of its host's and its worker's RSS, peak during minus before.</summary>
    private static async Task<IReadOnlyList<FigureResult>> MemoryAsync(BenchRun run, RealHostSides sides)
    {
        // Chunked first (flat), then with Content-Length in growing sizes, so an earlier upload's buffers hide little.
        long[] sizes = run.Quick ? [4 * MiB] : [MiB, 64 * MiB, 256 * MiB];
        var results = new List<FigureResult>();
        foreach (var declareLength in new[] { false, true })
        {
            foreach (var size in sizes)
            {
                var figure = $"memory per upload {SizeText(size)} x1, {Framing[declareLength ? 1 : 0]}";
                if (!Affordable(size, 1, declareLength, out var reason))
                {
                    run.NotMeasured(figure, reason);
                    continue;
                }

                var ours = await GrowthAsync(run, sides.Ours, ct => sides.OursAsync(1, size, declareLength, ct));
                var baseline = await GrowthAsync(run, sides.Baseline, ct => sides.BaselineAsync(1, size, declareLength, ct));
                results.Add(MemoryResult(run, $"host {figure}", size, ours.Host, baseline.Host, "reported (the host's own work, paid by any function)"));
                results.Add(MemoryResult(run, $"worker {figure}", size, ours.Worker, baseline.Worker, "reported"));
                Progress($"{figure}: host +{ours.Host.Growth / MiB} MiB (ours) / +{baseline.Host.Growth / MiB} MiB (baseline), " +
                    $"worker +{ours.Worker.Growth / MiB} MiB / +{baseline.Worker.Growth / MiB} MiB");
            }
        }

        return results;
    }

    private static async Task<(MemoryGrowth Host, MemoryGrowth Worker)> GrowthAsync(BenchRun run, FunctionsHostProcess side, Func<CancellationToken, Task<UploadCost>> upload)
    {
        var (host, worker) = (side.HostMemory(), side.WorkerMemory());
        var peakReset = ProcessMemory.ResetPeak(side.HostId) & ProcessMemory.ResetPeak(side.WorkerId); // both, not short-circuited
        var (_, sampled) = await MemoryWatch.RunAsync([side.HostId, side.WorkerId], upload, run.Cancellation);

        // VmHWM catches a peak between two samples; without the reset it would be the peak since start.
        var (hostPeak, workerPeak) = peakReset
            ? (Math.Max(sampled[0], side.HostMemory().PeakRss), Math.Max(sampled[1], side.WorkerMemory().PeakRss))
            : (sampled[0], sampled[1]);
        return (new MemoryGrowth(host.Rss, hostPeak), new MemoryGrowth(worker.Rss, workerPeak));
    }

    private static FigureResult MemoryResult(BenchRun run, string figure, long size, MemoryGrowth ours, MemoryGrowth baseline, string meaning) =>
        FigureResult.Of(
            run.Name(figure),
            Hosts.Functions,
            ours.Growth / (double)MiB,
            baseline.Growth / (double)MiB,
            "MiB",
            Goal.None(meaning),
            $"ours {ours.Describe(size)}; baseline {baseline.Describe(size)}; RSS from /proc sampled every 20 ms, and VmHWM");

    /// <summary>Both sides, both framings: connections opened and the worker's upload code run often enough for tiered compilation to optimise it.</summary>
    private static async Task WarmUpAsync(BenchRun run, RealHostSides sides)
    {
        var rounds = run.Quick ? 2 : 10;
        var atOnce = Math.Min(4, sides.Watches.Count);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var size in new[] { MiB, 8 * MiB })
        {
            foreach (var declareLength in new[] { true, false })
            {
                for (var i = 0; i < rounds; i++)
                {
                    await MemoryWatch.RunAsync([], ct => sides.OursAsync(atOnce, size, declareLength, ct), run.Cancellation);
                    await MemoryWatch.RunAsync([], ct => sides.BaselineAsync(atOnce, size, declareLength, ct), run.Cancellation);
                }
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(2), run.Cancellation);
        Progress($"Real host warmed up: {rounds} x {atOnce} uploads of 1 and of 8 MiB, with and without Content-Length, on each side in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<IReadOnlyList<FigureResult>> ThroughputAsync(BenchRun run, RealHostSides sides)
    {
        // With Content-Length, 16 at once go last: the hosts keep the memory they took for them until they stop.
        Case[] cases = run.Quick
            ? [new(MiB, 1, true, 3), new(MiB, 1, false, 3)]
            :
            [
                new(MiB, 1, true, 41), new(MiB, 1, false, 41),
                new(64 * MiB, 1, true, 7), new(64 * MiB, 1, false, 7),
                new(256 * MiB, 1, true, 5), new(256 * MiB, 1, false, 5),
                new(MiB, ConcurrentWatches, false, 21), new(64 * MiB, ConcurrentWatches, false, 5), new(256 * MiB, ConcurrentWatches, false, 1),
                new(MiB, ConcurrentWatches, true, 21), new(64 * MiB, ConcurrentWatches, true, 5), new(256 * MiB, ConcurrentWatches, true, 1),
            ];

        var results = new List<FigureResult>();
        foreach (var c in cases)
        {
            var figure = $"upload {SizeText(c.Size)} x{c.AtOnce}, {Framing[c.DeclareLength ? 1 : 0]}";
            if (!Affordable(c.Size, c.AtOnce, c.DeclareLength, out var reason))
            {
                run.NotMeasured(figure, reason);
                continue;
            }

            var name = run.Name(figure);
            Progress($"{name} [{Hosts.Functions}]: {c.Repetitions} repetition(s)");
            var ours = new List<UploadCost>();
            var baseline = new List<UploadCost>();
            var (oursPeak, baselinePeak) = (new long[2], new long[2]);
            for (var repetition = 1; repetition <= c.Repetitions; repetition++)
            {
                await InTurnAsync(
                    repetition,
                    async () => ours.Add(await WatchedAsync(sides.Ours, oursPeak, ct => sides.OursAsync(c.AtOnce, c.Size, c.DeclareLength, ct), run)),
                    async () => baseline.Add(await WatchedAsync(sides.Baseline, baselinePeak, ct => sides.BaselineAsync(c.AtOnce, c.Size, c.DeclareLength, ct), run)));
            }

            var (oursSpeed, baselineSpeed) = (Median(ours.Select(cost => Throughput(c, cost))), Median(baseline.Select(cost => Throughput(c, cost))));
            var note = (c.Repetitions > 1 ? $"median of {c.Repetitions} repetitions, the side going first alternating" : "one repetition") +
                (c.AtOnce > 1 ? $"; {c.AtOnce} at once, ours from {c.AtOnce} paired watches, each into its own set" : "") +
                "; baseline: bench/BaselineFunction under a host of its own, the same multipart body streamed to a blob" +
                $"; CPU per MiB uploaded, over all repetitions: ours {CpuText(c, ours)}, baseline {CpuText(c, baseline)}" +
                $"; peak RSS: ours host {oursPeak[0] / MiB} MiB, worker {oursPeak[1] / MiB} MiB, baseline host {baselinePeak[0] / MiB} MiB, worker {baselinePeak[1] / MiB} MiB";
            results.Add(FigureResult.Of(name, Hosts.Functions, oursSpeed, baselineSpeed, "MiB/s", Goal.RatioAtLeast(0.9), note));
            Progress($"{name}: ours {oursSpeed:0.0} MiB/s, baseline {baselineSpeed:0.0} MiB/s; CPU per MiB: ours {CpuText(c, ours)}, baseline {CpuText(c, baseline)}");
        }

        return results;
    }

    /// <summary>Runs one repetition of a side under the memory watch, raising <paramref name="peak"/> (host, worker) to what it saw.</summary>
    private static async Task<UploadCost> WatchedAsync(FunctionsHostProcess side, long[] peak, Func<CancellationToken, Task<UploadCost>> uploads, BenchRun run)
    {
        var (cost, sampled) = await MemoryWatch.RunAsync([side.HostId, side.WorkerId], uploads, run.Cancellation);
        peak[0] = Math.Max(peak[0], sampled[0]);
        peak[1] = Math.Max(peak[1], sampled[1]);
        return cost;
    }

    private static double Throughput(Case c, UploadCost cost) => c.Size * c.AtOnce / (double)MiB / cost.Elapsed.TotalSeconds;

    /// <summary>The host's and the worker's CPU time per MiB uploaded, over all repetitions (Linux counts it in 10 ms ticks).</summary>
    private static string CpuText(Case c, List<UploadCost> costs)
    {
        var mebibytes = c.Size * c.AtOnce * costs.Count / (double)MiB;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"host {costs.Sum(cost => cost.HostCpu.TotalMilliseconds) / mebibytes:0.0} ms, worker {costs.Sum(cost => cost.WorkerCpu.TotalMilliseconds) / mebibytes:0.0} ms");
    }

    /// <summary>
    /// Whether the machine has the memory a case is estimated to need, with <see cref="Reserve"/> to spare. Both hosts
    /// count: the sides take turns, and a host keeps the memory it took for a body until it stops.
    /// </summary>
    private static bool Affordable(long size, int atOnce, bool declareLength, out string reason)
    {
        var need = atOnce * ((declareLength ? 2 * size * HostBytesPerDeclaredByte : 0) + PerUploadAllowance);
        var available = ProcessMemory.MachineAvailable();
        var why = declareLength ? $"; each of the two hosts holds about {HostBytesPerDeclaredByte} bytes per byte of a body with Content-Length, and keeps it" : "";
        reason = string.Create(
            CultureInfo.InvariantCulture,
            $"not run: it would need about {need / (double)GiB:0.0} GiB ({atOnce} at once{why}) and {Reserve / GiB} GiB to spare; {available / (double)GiB:0.0} GiB are available");
        return available - need >= Reserve;
    }

    private sealed record MemoryGrowth(long Before, long Peak)
    {
        public long Growth => Peak - Before;

        public string Describe(long uploaded) => string.Create(
            CultureInfo.InvariantCulture,
            $"{Before / MiB} -> peak {Peak / MiB} MiB, {Growth / (double)uploaded:0.00} bytes per uploaded byte");
    }
}
