using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using RecordingFunctions.Storage;
using static RecordingFunctions.Bench.BenchRun;

namespace RecordingFunctions.Bench.Figures;

/// <summary>
/// Figure 5: the first page of 50 sets must not get much slower as the index grows. Two prefixes get their
/// <c>RecordingSets</c> table filled directly in <see cref="SetIndex"/>'s row layout. Measured through
/// <c>GET manage/api/recordings?pageSize=50</c> (one app process per prefix) when the app has that route, otherwise
/// in-process with <see cref="SetIndex.ListAsync"/>, the call that route makes.
/// </summary>
public static class ListFigure
{
    private const int PageSize = 50;
    private const string Partition = "sets";

    public static async Task<FigureResult> RunAsync(BenchRun run)
    {
        var (few, many, repetitions) = run.Quick ? (100, 200, 10) : (100, 10_000, 30);
        var name = run.Name($"list first page {many} vs {few} sets");
        var throughHttp = await HasListRouteAsync(run);
        Progress($"{name}: filling two indexes; measuring {(throughHttp ? "through HTTP" : "SetIndex.ListAsync in-process")}");

        var fewPrefix = $"{run.Prefix}list{few}";
        var manyPrefix = $"{run.Prefix}list{many}";
        await Task.WhenAll(FillAsync(run, fewPrefix, few), FillAsync(run, manyPrefix, many));

        var manyTime = await TimeFirstPageAsync(run, manyPrefix, throughHttp, Math.Min(many, PageSize), repetitions);
        var fewTime = await TimeFirstPageAsync(run, fewPrefix, throughHttp, Math.Min(few, PageSize), repetitions);
        Progress($"{name}: {manyTime:0.0} ms vs {fewTime:0.0} ms");
        var how = throughHttp
            ? "GET manage/api/recordings?pageSize=50 through the app"
            : "SetIndex.ListAsync(50) in-process: the app has no GET manage/api/recordings route in this build";
        return FigureResult.Of(name, manyTime, fewTime, "ms", Goal.RatioAtMost(2), $"{how}; median of {repetitions} after 3 warm-up calls");
    }

    private static async Task<bool> HasListRouteAsync(BenchRun run)
    {
        var (status, body) = await run.Client.AdminGetAsync($"manage/api/recordings?pageSize={PageSize}", run.Cancellation);
        if (status != 200)
        {
            return false;
        }

        using var answer = JsonDocument.Parse(body);
        return answer.RootElement.ValueKind == JsonValueKind.Object && answer.RootElement.TryGetProperty("sets", out _);
    }

    /// <summary>Writes <paramref name="count"/> listed sets: an id row and a listing row each, 50 sets per transaction.</summary>
    private static async Task FillAsync(BenchRun run, string prefix, int count)
    {
        var table = run.Storage.Tables.GetTableClient(prefix + "RecordingSets");
        await table.CreateIfNotExistsAsync(run.Cancellation);
        var now = DateTimeOffset.UtcNow;
        var batches = Enumerable.Range(0, count).Chunk(PageSize);
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = run.Cancellation },
            async (batch, token) =>
            {
                var actions = batch.SelectMany(i => SetRows(Guid.NewGuid().ToString("D"), now.AddMinutes(-i)))
                    .Select(row => new TableTransactionAction(TableTransactionActionType.Add, row));
                await table.SubmitTransactionAsync(actions, token);
            });
    }

    /// <summary>The two rows <see cref="SetIndex.RefreshAsync"/> writes for a set holding files.</summary>
    private static IEnumerable<TableEntity> SetRows(string setId, DateTimeOffset issuedAt)
    {
        var row = new TableEntity(Partition, "id-" + setId)
        {
            [nameof(RecordingSetSummary.Id)] = setId,
            [nameof(RecordingSetSummary.IssuedAt)] = issuedAt,
            [nameof(RecordingSetSummary.DeviceId)] = "bench-device",
            [nameof(RecordingSetSummary.Device)] = "SM-R860[bench]",
            [nameof(RecordingSetSummary.FileCount)] = 12,
            [nameof(RecordingSetSummary.TotalBytes)] = 123_456_789L,
            [nameof(RecordingSetSummary.FirstUpload)] = issuedAt.AddMinutes(30),
            [nameof(RecordingSetSummary.LastUpload)] = issuedAt.AddMinutes(31),
            [nameof(RecordingSetSummary.Description)] = "hand washing study, participant 17",
            ["Listed"] = true,
        };
        yield return row;
        yield return new TableEntity(row) { RowKey = $"t-{DateTimeOffset.MaxValue.Ticks - issuedAt.UtcTicks:D19}-{setId}" };
    }

    private static async Task<double> TimeFirstPageAsync(BenchRun run, string prefix, bool throughHttp, int expected, int repetitions)
    {
        Func<Task<int>> firstPage;
        AppProcess? app = null;
        AppClient? client = null;
        if (throughHttp)
        {
            app = await AppProcess.StartAsync(run.RepositoryRoot, prefix, run.Admin, run.Cancellation);
            client = new AppClient(app.BaseAddress, run.Admin);
            firstPage = async () =>
            {
                var (status, body) = await client.AdminGetAsync($"manage/api/recordings?pageSize={PageSize}", run.Cancellation);
                using var answer = JsonDocument.Parse(body);
                return status == 200 ? answer.RootElement.GetProperty("sets").GetArrayLength() : -status;
            };
        }
        else
        {
            var index = InProcessIndex(run, prefix);
            firstPage = async () => (await index.ListAsync(PageSize, null, run.Cancellation)).Sets.Count;
        }

        try
        {
            var times = new List<double>();
            for (var call = 1; call <= repetitions + 3; call++)
            {
                var clock = Stopwatch.StartNew();
                var listed = await firstPage();
                var elapsed = clock.Elapsed.TotalMilliseconds;
                if (listed != expected)
                {
                    throw new InvalidOperationException($"The first page of {prefix} listed {listed} sets, not {expected}.");
                }

                if (call > 3)
                {
                    times.Add(elapsed);
                }
            }

            return Median(times);
        }
        finally
        {
            client?.Dispose();
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }

    private static SetIndex InProcessIndex(BenchRun run, string prefix)
    {
        var blobs = run.Storage.Blobs;
        var tables = run.Storage.Tables;
        var containers = new BlobContainers(
            blobs.GetBlobContainerClient(prefix + "recordings"),
            blobs.GetBlobContainerClient(prefix + "tf-models"),
            blobs.GetBlobContainerClient(prefix + "archives"),
            blobs.GetBlobContainerClient(prefix + "config"));
        var storageTables = new StorageTables(
            tables.GetTableClient(prefix + "Pairing"),
            tables.GetTableClient(prefix + "RecordingSets"),
            tables.GetTableClient(prefix + "Models"),
            tables.GetTableClient(prefix + "AuditLog"),
            tables.GetTableClient(prefix + "LoginAttempts"));
        var initializer = new StorageInitializer(containers, storageTables, NullLogger<StorageInitializer>.Instance);
        return new SetIndex(storageTables, containers, initializer, TimeProvider.System);
    }
}
