using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using RecordingFunctions.Storage;
using static RecordingFunctions.Bench.BenchRun;

namespace RecordingFunctions.Bench.Figures;

/// <summary>
/// Figure 5: the first page of 50 sets must not get much slower as the index grows. Two prefixes get their
/// <c>RecordingSets</c> table filled directly in <see cref="SetRow"/>'s layout. Measured through
/// <c>GET manage/api/recordings?pageSize=50</c>, one app process per prefix.
/// </summary>
public static class ListFigure
{
    private const int PageSize = 50;

    public static async Task<FigureResult> RunAsync(BenchRun run)
    {
        var (few, many, repetitions) = run.Quick ? (100, 200, 10) : (100, 10_000, 30);
        var name = run.Name($"list first page {many} vs {few} sets");
        Progress($"{name}: filling two indexes");

        var fewPrefix = $"{run.Prefix}list{few}";
        var manyPrefix = $"{run.Prefix}list{many}";
        await Task.WhenAll(FillAsync(run, fewPrefix, few), FillAsync(run, manyPrefix, many));

        var manyTime = await TimeFirstPageAsync(run, manyPrefix, Math.Min(many, PageSize), repetitions);
        var fewTime = await TimeFirstPageAsync(run, fewPrefix, Math.Min(few, PageSize), repetitions);
        Progress($"{name}: {manyTime:0.0} ms vs {fewTime:0.0} ms");

        // Azurite saves its whole table store to disk every 5 s while any table changed, on its only thread: left here, these
        // rows would slow every later figure whose uploads write index rows, and not the baselines, which write none.
        await run.Storage.DeleteAllAsync(manyPrefix, run.Cancellation);
        await run.Storage.DeleteAllAsync(fewPrefix, run.Cancellation);
        return FigureResult.Of(name, Hosts.Development, manyTime, fewTime, "ms", Goal.RatioAtMost(2), $"GET manage/api/recordings?pageSize=50 through the app; median of {repetitions} after 3 warm-up calls");
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

    /// <summary>The two rows a refresh of the index (<see cref="SetIndex"/>) writes for a set holding files.</summary>
    private static IEnumerable<TableEntity> SetRows(string setId, DateTimeOffset issuedAt)
    {
        var row = new TableEntity(SetRow.Partition, SetRow.Key(SetId.Parse(setId)))
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
        yield return SetRow.ListingCopy(row);
    }

    private static async Task<double> TimeFirstPageAsync(BenchRun run, string prefix, int expected, int repetitions)
    {
        var app = await AppProcess.StartAsync(run.RepositoryRoot, prefix, run.Admin, run.Cancellation);
        var client = new AppClient(app.BaseAddress, run.Admin);
        async Task<int> FirstPageAsync()
        {
            var (status, body) = await client.AdminGetAsync($"manage/api/recordings?pageSize={PageSize}", run.Cancellation);
            using var answer = JsonDocument.Parse(body);
            return status == 200 ? answer.RootElement.GetProperty("sets").GetArrayLength() : -status;
        }

        try
        {
            var times = new List<double>();
            for (var call = 1; call <= repetitions + 3; call++)
            {
                var clock = Stopwatch.StartNew();
                var listed = await FirstPageAsync();
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
            client.Dispose();
            await app.DisposeAsync();
        }
    }
}
