using System.Diagnostics;
using RecordingFunctions.DevHost;
using Xunit.Abstractions;

namespace RecordingFunctions.Tests.Sensors;

/// <summary>
/// The downsampled preview of a set's motion sensors. Tests that look at their own set share one app; the one that
/// turns the blob trigger off has an app of its own.
/// </summary>
public sealed class SensorPreviewTests(SharedTestApp shared, ITestOutputHelper output) : IClassFixture<SharedTestApp>
{
    private const long Start = 5_000_000_000_000;
    private const long Step = 10_000_000;

    private TestApp App => shared.App;

    [Fact]
    public async Task A_million_row_recording_previews_within_the_point_budget_with_its_peaks_markers_and_full_detail_when_zoomed()
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        using var accelerometer = SensorRecordingFile.Write("accelerometer", SensorRecordingFile.Wave(1_000_000, Start, Step, seed: 7));
        using var gyroscope = SensorRecordingFile.Write("gyroscope", SensorRecordingFile.Wave(3_000, Start + 2_000_000_000, Step * 2, seed: 8));
        long[] handWashes = [Start - 1, Start + 1_200 * Step, Start + 400_000 * Step];
        var handWashCsv = "timestamp\n" + string.Join("", handWashes.Select(t => $"{t}\n"));
        using (var response = await watch.UploadAsync(setId, "android_sensor_accelerometer_0.zip", accelerometer.Content()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await watch.UploadAsync(setId, "android_sensor_gyroscope_0_2022-05-01T10:00+0000_f00d.zip", gyroscope.Content()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await watch.UploadAsync(setId, "sensor_recording_hand_wash_time_stamps_0.csv", Encoding.ASCII.GetBytes(handWashCsv)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var sets = App.Services.GetRequiredService<SetQueries>();
        await Eventually.UntilAsync(
            "the archive trigger measuring both sensor files", async () => (await sets.GetAsync(SetId.Parse(setId), CancellationToken.None))?.Quality.Count ?? 0, measured => measured >= 2);

        var clock = Stopwatch.StartNew();
        var preview = await App.GetJsonAsync($"manage/api/recordings/{setId}/preview");
        output.WriteLine($"Preview of 1,000,000 + 3,000 rows at 2000 points, range from the index (one pass): {clock.ElapsedMilliseconds} ms");

        Assert.Equal(Start, preview.GetProperty("origin").GetInt64());
        var sensors = preview.GetProperty("sensors").EnumerateArray().ToDictionary(s => s.GetProperty("sensor").GetString()!);
        Assert.Equal(["accelerometer", "gyroscope"], sensors.Keys.Order());
        Assert.Equal("android_sensor_gyroscope_0_2022-05-01T10_00+0000_f00d.zip", sensors["gyroscope"].GetProperty("fileName").GetString());
        var series = sensors["accelerometer"];
        Assert.Equal(1_000_000, series.GetProperty("totalSamples").GetInt64());
        Assert.Equal(Start, series.GetProperty("from").GetInt64());
        Assert.Equal(accelerometer.LastTimestamp, series.GetProperty("to").GetInt64());
        var t = Numbers(series.GetProperty("t"));
        Assert.InRange(t.Length, 1000, 2000);
        foreach (var (axis, index) in new[] { ("x", 0), ("y", 1), ("z", 2) })
        {
            var min = Numbers(series.GetProperty("min").GetProperty(axis));
            var max = Numbers(series.GetProperty("max").GetProperty(axis));
            Assert.Equal(t.Length, min.Length);
            Assert.Equal(t.Length, max.Length);
            Assert.Equal(accelerometer.Min[index], min.Min());
            Assert.Equal(accelerometer.Max[index], max.Max());
        }

        Assert.Equal(3_000, sensors["gyroscope"].GetProperty("totalSamples").GetInt64());
        Assert.Equal(handWashes[1..].Select(h => (h - Start) / 1e9), Numbers(preview.GetProperty("markers")));

        // A window of 1,500 rows (fewer than the points asked for) answers every row as it is in the file.
        var from = Start + 1_000 * Step;
        var to = from + 1_499 * Step;
        clock.Restart();
        var zoomed = await App.GetJsonAsync($"manage/api/recordings/{setId}/preview?from={from}&to={to}&points=2000");
        output.WriteLine($"Zoomed preview, both bounds given (one pass): {clock.ElapsedMilliseconds} ms");

        Assert.Equal(Start, zoomed.GetProperty("origin").GetInt64());
        var detail = zoomed.GetProperty("sensors").EnumerateArray().Single(s => s.GetProperty("sensor").GetString() == "accelerometer");
        var rows = SensorRecordingFile.Wave(1_000_000, Start, Step, seed: 7).Skip(1_000).Take(1_500).ToArray();
        Assert.Equal(1_500, detail.GetProperty("totalSamples").GetInt64());
        Assert.Equal(rows.Select(r => (r.Timestamp - Start) / 1e9), Numbers(detail.GetProperty("t")));
        Assert.Equal(rows.Select(r => r.X), Numbers(detail.GetProperty("min").GetProperty("x")));
        Assert.Equal(rows.Select(r => r.X), Numbers(detail.GetProperty("max").GetProperty("x")));
        Assert.Equal(rows.Select(r => r.Y), Numbers(detail.GetProperty("max").GetProperty("y")));
        Assert.Equal(rows.Select(r => r.Z), Numbers(detail.GetProperty("min").GetProperty("z")));
        Assert.Equal([(handWashes[1] - Start) / 1e9], Numbers(zoomed.GetProperty("markers")));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_JSON_a_set_without_files_is_not_found_and_one_without_sensors_has_none()
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();

        foreach (var query in new[] { "not-a-uuid/preview", $"{setId}/preview?from=abc", $"{setId}/preview?from=20&to=10", $"{setId}/preview?to=-5", $"{setId}/preview?points=many" })
        {
            using var response = await App.Admin.GetAsync($"manage/api/recordings/{query}");
            await response.AssertJsonErrorAsync(HttpStatusCode.BadRequest);
        }

        using (var response = await App.Admin.GetAsync($"manage/api/recordings/{setId}/preview"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var response = await App.Http.GetAsync($"manage/api/recordings/{setId}/preview"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        (await watch.UploadAsync(setId, "sensor_recording_battery_0.csv", "1\t2\n"u8.ToArray())).Dispose();
        var preview = await App.GetJsonAsync($"manage/api/recordings/{setId}/preview?points=1");
        Assert.Equal(0, preview.GetProperty("sensors").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, preview.GetProperty("origin").ValueKind);
    }

    [Fact]
    public async Task Before_a_file_is_measured_the_preview_finds_the_time_range_by_reading_the_files()
    {
        // With the blob trigger off nothing measures the files, as in the moments before it runs.
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { [BlobTriggerDelivery.DisabledSetting] = "true" });
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        using var accelerometer = SensorRecordingFile.Write("accelerometer", SensorRecordingFile.Wave(50, Start, Step, seed: 1));
        using var gyroscope = SensorRecordingFile.Write("gyroscope", SensorRecordingFile.Wave(20, Start - 100 * Step, Step, seed: 2));
        // Written straight to storage, so the index holds no quality figures for these files.
        await app.Containers.Recordings.GetBlobClient($"{setId}/android_sensor_accelerometer_0.zip").UploadAsync(accelerometer.Path);
        await app.Containers.Recordings.GetBlobClient($"{setId}/android_sensor_gyroscope_0.zip").UploadAsync(gyroscope.Path);
        await app.Containers.Recordings.GetBlobClient($"{setId}/android_sensor_magnetic_field_0.zip").UploadAsync(new BinaryData("not a zip"));

        var preview = await app.GetJsonAsync($"manage/api/recordings/{setId}/preview?points=100");

        Assert.Empty((await app.Services.GetRequiredService<SetQueries>().GetAsync(SetId.Parse(setId), CancellationToken.None))!.Quality);
        Assert.Equal(gyroscope.FirstTimestamp, preview.GetProperty("origin").GetInt64());
        var sensors = preview.GetProperty("sensors").EnumerateArray().ToArray();
        Assert.Equal(["accelerometer", "gyroscope", "magnetic_field"], sensors.Select(s => s.GetProperty("sensor").GetString()));
        Assert.All(sensors, s => Assert.Equal(gyroscope.FirstTimestamp, s.GetProperty("from").GetInt64()));
        Assert.All(sensors, s => Assert.Equal(accelerometer.LastTimestamp, s.GetProperty("to").GetInt64()));
        Assert.Equal([50L, 20, 0], sensors.Select(s => s.GetProperty("totalSamples").GetInt64()));
        Assert.Equal(50, sensors[0].GetProperty("t").GetArrayLength());
        Assert.Equal(0, sensors[2].GetProperty("t").GetArrayLength());
    }

    private static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
}
