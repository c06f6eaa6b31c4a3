using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using RecordingFunctions.Participants;
using RecordingFunctions.Storage;
using static RecordingFunctions.Bench.BenchRun;

namespace RecordingFunctions.Bench.Figures;

/// <summary>
/// Issue 13's figures: the Participants view (its first request: the first page of participants) and one participant's
/// day table must not get much slower from 10 participants to 200 with 100 sets each (1,000 to 20,000 sets). The
/// participants are created through the API; their sets are written directly in <see cref="SetRow"/>'s layout,
/// assigned to them. One app process per prefix.
/// </summary>
public static class ParticipantFigures
{

    /// <summary>The page the Participants view asks for (participants.js, through pager.js).</summary>
    private const int ViewPageSize = 50;

    public static async Task<IReadOnlyList<FigureResult>> RunAsync(BenchRun run)
    {
        var (few, many, setsEach, repetitions) = run.Quick ? (10, 20, 10, 5) : (10, 200, 100, 20);
        var listName = run.Name($"participants view {many} vs {few} participants");
        var dayName = run.Name($"participant day table at {many * setsEach} vs {few * setsEach} sets");
        Progress($"{listName}: creating participants and their sets");

        var fewTimes = await MeasureAsync(run, $"{run.Prefix}pt{few}", few, setsEach, repetitions);
        var manyTimes = await MeasureAsync(run, $"{run.Prefix}pt{many}", many, setsEach, repetitions);
        Progress($"{listName}: {manyTimes.View:0.0} ms vs {fewTimes.View:0.0} ms; {dayName}: {manyTimes.Day:0.0} ms vs {fewTimes.Day:0.0} ms");

        // As after the list figure: Azurite saving these rows every 5 s would slow the later figures' uploads, not their baselines.
        await run.Storage.DeleteAllAsync($"{run.Prefix}pt{many}", run.Cancellation);
        await run.Storage.DeleteAllAsync($"{run.Prefix}pt{few}", run.Cancellation);
        var note = $"median of {repetitions} after 3 warm-up calls, {setsEach} sets per participant";
        return
        [
            FigureResult.Of(listName, Hosts.Development, manyTimes.View, fewTimes.View, "ms", Goal.RatioAtMost(2),
                $"GET manage/api/participants?pageSize={ViewPageSize} (what the view loads first: a page of participants with their last uploads); {note}"),
            FigureResult.Of(dayName, Hosts.Development, manyTimes.Day, fewTimes.Day, "ms", Goal.RatioAtMost(2),
                $"GET manage/api/participants/{{id}} (statistics with its day table and its sets); {note}"),
        ];
    }

    private static async Task<(double View, double Day)> MeasureAsync(BenchRun run, string prefix, int participants, int setsEach, int repetitions)
    {
        var app = await AppProcess.StartAsync(run.RepositoryRoot, prefix, run.Admin, run.Cancellation);
        var client = new AppClient(app.BaseAddress, run.Admin);
        try
        {
            var ids = new List<string>();
            for (var i = 0; i < participants; i++)
            {
                var created = await client.AdminPostJsonAsync(
                    "manage/api/participants", new { alias = $"P{i:D3}", androidId = $"a{i:D15}", active = true, notes = "" }, run.Cancellation);
                ids.Add(created.GetProperty("id").GetString()!);
            }

            await FillSetsAsync(run, prefix, ids, setsEach);
            var view = await TimeAsync(repetitions, async () =>
            {
                await ExpectAsync(
                    client, $"manage/api/participants?pageSize={ViewPageSize}", root => root.GetProperty("participants").GetArrayLength() == Math.Min(ViewPageSize, participants), run.Cancellation);
            });
            var day = await TimeAsync(repetitions, () =>
                ExpectAsync(client, $"manage/api/participants/{ids[participants / 2]}", root => root.GetProperty("sets").GetArrayLength() == setsEach, run.Cancellation));
            return (view, day);
        }
        finally
        {
            client.Dispose();
            await app.DisposeAsync();
        }
    }

    /// <summary>Writes <paramref name="setsEach"/> listed sets per participant, a day apart, assigned to it automatically.</summary>
    private static async Task FillSetsAsync(BenchRun run, string prefix, IReadOnlyList<string> participantIds, int setsEach)
    {
        var table = run.Storage.Tables.GetTableClient(prefix + "RecordingSets");
        await table.CreateIfNotExistsAsync(run.Cancellation);
        var now = DateTimeOffset.UtcNow;
        var sets = participantIds.SelectMany((participant, p) => Enumerable.Range(0, setsEach).Select(i => (participant, p, i)));
        await Parallel.ForEachAsync(
            sets.Chunk(50),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = run.Cancellation },
            async (batch, token) =>
            {
                var actions = batch.SelectMany(set => SetRows(set.participant, $"a{set.p:D15}", now.AddDays(-set.i).AddMinutes(-set.p)))
                    .Select(row => new TableTransactionAction(TableTransactionActionType.Add, row));
                await table.SubmitTransactionAsync(actions, token);
            });
    }

    /// <summary>The two rows a refresh of the index (<see cref="SetIndex"/>) writes for a set holding files, with its assignment.</summary>
    private static IEnumerable<TableEntity> SetRows(string participantId, string androidId, DateTimeOffset recordedAt)
    {
        var setId = Guid.NewGuid().ToString("D");
        var row = new TableEntity(SetRow.Partition, SetRow.Key(SetId.Parse(setId)))
        {
            [nameof(RecordingSetSummary.Id)] = setId,
            [nameof(RecordingSetSummary.IssuedAt)] = recordedAt,
            [nameof(RecordingSetSummary.DeviceId)] = "bench-device",
            [nameof(RecordingSetSummary.Device)] = $"SM-R860[{androidId}]",
            [nameof(RecordingSetSummary.FileCount)] = 12,
            [nameof(RecordingSetSummary.TotalBytes)] = 123_456_789L,
            [nameof(RecordingSetSummary.FirstUpload)] = recordedAt.AddMinutes(30),
            [nameof(RecordingSetSummary.LastUpload)] = recordedAt.AddMinutes(31),
            ["Listed"] = true,
            [nameof(SetAssignment.AndroidId)] = androidId,
            [nameof(SetAssignment.AndroidIdSource)] = SetAssignment.FromIdentifier,
            [nameof(SetAssignment.RecordedAt)] = recordedAt,
            [nameof(SetAssignment.ParticipantId)] = participantId,
            ["AssignedByHand"] = false,
        };
        yield return row;
        yield return SetRow.ListingCopy(row);
    }

    private static async Task ExpectAsync(AppClient client, string path, Func<JsonElement, bool> expected, CancellationToken ct)
    {
        var (status, body) = await client.AdminGetAsync(path, ct);
        using var answer = status == 200 ? JsonDocument.Parse(body) : null;
        if (answer is null || !expected(answer.RootElement))
        {
            throw new InvalidOperationException($"GET {path} answered {status} without the expected content: {body[..Math.Min(body.Length, 300)]}");
        }
    }

    private static async Task<double> TimeAsync(int repetitions, Func<Task> call)
    {
        var times = new List<double>();
        for (var i = 1; i <= repetitions + 3; i++)
        {
            var clock = Stopwatch.StartNew();
            await call();
            if (i > 3)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return Median(times);
    }
}
