using RecordingFunctions.Tests.Participants;
using RecordingFunctions.Tests.Sensors;

namespace RecordingFunctions.Tests.Statistics;

/// <summary>The statistics the archive trigger keeps on a set's index row; the tests share one app, each with its own set.</summary>
public sealed class SetStatisticsTriggerTests(SharedTestApp shared) : IClassFixture<SharedTestApp>
{
    private const long Second = 1_000_000_000;
    private const long Start = 7_000 * Second;

    private TestApp App => shared.App;

    [Fact]
    public async Task The_trigger_keeps_a_sets_statistics_on_its_index_row_and_a_deleted_file_leaves_them()
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        const string stamp = "2026-03-01T22:00+0000_abc";
        var meta = $$"""{"android_id": "abc", "date": "2026-03-01T23:00:00+01:00", "start_time_stamp": {{Start}}, "version": "0.9.4", "tf_model": "hand_wash_20.tflite"}""";
        (await watch.UploadAsync(setId, $"metaInfo_0_{stamp}.json", Encoding.UTF8.GetBytes(meta))).EnsureSuccessStatusCode();
        using (var sensor = SensorRecordingFile.Write("accelerometer", SensorRecordingFile.Wave(2 * 3600 + 1, Start, Second, seed: 1)))
        {
            (await watch.UploadAsync(setId, $"android_sensor_accelerometer_0_{stamp}.zip", await File.ReadAllBytesAsync(sensor.Path))).EnsureSuccessStatusCode();
        }

        var evaluation = $"{Start + 600 * Second}\t1\t0\t2\t3\n{Start + 5400 * Second}\t0\t0\t4\t5\n";
        (await watch.UploadAsync(setId, "sensor_recording_evaluation_0.csv", Encoding.UTF8.GetBytes(evaluation))).EnsureSuccessStatusCode();
        (await watch.UploadAsync(setId, $"hand_wash_time_stamps_0_{stamp}.csv", Encoding.UTF8.GetBytes($"{Start + 60 * Second}\n"))).EnsureSuccessStatusCode();

        var statistics = await StatisticsEventuallyAsync(App, setId, s => s.GetProperty("totals").GetProperty("handWashesDetected").GetInt32() == 2
            && s.GetProperty("totals").GetProperty("handWashesMarked").GetInt32() == 1 && s.GetProperty("sensorSamples").GetInt64() > 0);
        Assert.Equal(2, statistics.GetProperty("totals").GetProperty("hoursRecorded").GetDouble(), 3);
        Assert.Equal("0.9.4", statistics.GetProperty("appVersion").GetString());
        Assert.Equal("hand_wash_20.tflite", statistics.GetProperty("model").GetString());
        // 23:00 to 01:00 local: one hour on each day; the later answer (00:30) is on the 2nd.
        var days = statistics.GetProperty("days").EnumerateArray().ToDictionary(d => d.GetProperty("date").GetString()!, d => d.GetProperty("figures"));
        Assert.Equal(["2026-03-01", "2026-03-02"], days.Keys);
        Assert.Equal(1, days["2026-03-01"].GetProperty("hoursRecorded").GetDouble(), 3);
        Assert.Equal((1, 0, 1, 2.0), (days["2026-03-01"].GetProperty("answeredYes").GetInt32(), days["2026-03-01"].GetProperty("answeredNo").GetInt32(), days["2026-03-01"].GetProperty("handWashesMarked").GetInt32(), days["2026-03-01"].GetProperty("meanTense").GetDouble()));
        Assert.Equal((0, 1, 5.0), (days["2026-03-02"].GetProperty("answeredYes").GetInt32(), days["2026-03-02"].GetProperty("answeredNo").GetInt32(), days["2026-03-02"].GetProperty("meanUrge").GetDouble()));

        // The participant's day table adds up its sets' rows; the overview names its last upload.
        var participant = (await App.CreateParticipantAsync("Fritz", "abc")).GetProperty("id").GetString()!;
        using (var assigned = await App.Admin.PostAsJsonAsync($"manage/api/participants/{participant}/assign", new { sets = new[] { setId } }))
        {
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }

        var ofParticipant = (await App.GetJsonAsync($"manage/api/participants/{participant}")).GetProperty("statistics");
        Assert.Equal(["2026-03-01", "2026-03-02"], ofParticipant.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("date").GetString()));
        Assert.Equal(2, ofParticipant.GetProperty("daysCovered").GetInt32());
        Assert.Equal(2, ofParticipant.GetProperty("totals").GetProperty("handWashesDetected").GetInt32());
        Assert.Equal(JsonValueKind.String, ofParticipant.GetProperty("lastUpload").ValueKind);

        // The same figures as a table to download, one row per set.
        using (var csv = await App.Admin.GetAsync($"manage/api/participants/{participant}/sets.csv"))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
            Assert.Equal([$"attachment; filename=participant-{participant}-sets.csv"], csv.Content.Headers.GetValues("Content-Disposition"));
            var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            var table = lines[0].Split(',').Zip(lines[1].Split(',')).ToDictionary(c => c.First, c => c.Second);
            Assert.Equal(setId, table["uuid"]);
            Assert.Equal("abc", table["android_id"]);
            Assert.Equal(("2", "1", "2", "1", "1"), (table["recorded_hours"], table["hand_washes_marked"], table["hand_washes_detected"], table["answered_yes"], table["answered_no"]));
            Assert.Equal(("3", "4", "0.9.4", "hand_wash_20.tflite"), (table["mean_tense"], table["mean_urge"], table["app_version"], table["model"]));
        }

        using (var nobody = await App.Admin.GetAsync("manage/api/participants/no-such-participant/sets.csv"))
        {
            await nobody.AssertJsonErrorAsync(HttpStatusCode.NotFound);
        }

        var overview = await App.GetJsonAsync("manage/api/participants/overview");
        var row = overview.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("id").GetString() == participant);
        Assert.False(row.GetProperty("silent").GetBoolean());
        Assert.Equal(ofParticipant.GetProperty("lastUpload").GetDateTimeOffset(), row.GetProperty("lastUpload").GetDateTimeOffset());
        using (var refused = await App.Admin.GetAsync("manage/api/participants/overview?silentDays=0"))
        {
            await refused.AssertJsonErrorAsync(HttpStatusCode.BadRequest);
        }

        // Tags: "no data" went when the samples came; an excluding tag takes the set out of the participant's figures.
        Assert.Empty((await App.SetAsync(setId)).GetProperty("tags").EnumerateArray());
        using (var tagged = await App.Admin.PutAsync($"manage/api/recordings/{setId}/tags/exclude", null))
        {
            Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
        }

        var excluded = (await App.GetJsonAsync($"manage/api/participants/{participant}")).GetProperty("statistics");
        Assert.Equal((0, 1), (excluded.GetProperty("totals").GetProperty("handWashesDetected").GetInt32(), excluded.GetProperty("excludedSets").GetInt32()));
        using (var unknown = await App.Admin.PutAsync($"manage/api/recordings/{setId}/tags/made-up", null))
        {
            await unknown.AssertJsonErrorAsync(HttpStatusCode.BadRequest);
        }

        using (var untagged = await App.Admin.DeleteAsync($"manage/api/recordings/{setId}/tags/exclude"))
        {
            Assert.Equal(HttpStatusCode.OK, untagged.StatusCode);
        }

        Assert.Empty((await App.SetAsync(setId)).GetProperty("tags").EnumerateArray());

        using var deleted = await App.Admin.DeleteAsync($"manage/api/recordings/{setId}/files/sensor_recording_evaluation_0.csv");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var after = await StatisticsEventuallyAsync(App, setId, s => s.GetProperty("totals").GetProperty("handWashesDetected").GetInt32() == 0);
        Assert.Equal(1, after.GetProperty("totals").GetProperty("handWashesMarked").GetInt32());
    }

    [Fact]
    public async Task A_set_without_sensor_samples_is_tagged_no_data()
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "sensor_recording_battery_0.csv", "1\t2\n"u8.ToArray())).EnsureSuccessStatusCode();

        await Eventually.UntilAsync(
            $"set {setId} tagged no data",
            async () => (await App.SetAsync(setId)).GetProperty("tags"),
            tags => tags.EnumerateArray().Select(t => t.GetString()).SequenceEqual(["no data"]));
    }

    private static Task<JsonElement> StatisticsEventuallyAsync(IRunningApp app, string setId, Func<JsonElement, bool> done) =>
        Eventually.UntilAsync(
            $"statistics of set {setId}",
            async () => (await app.SetAsync(setId)).GetProperty("statistics"),
            statistics => statistics.ValueKind == JsonValueKind.Object && done(statistics));
}
