using RecordingFunctions.Archive;
using RecordingFunctions.Sensors;

namespace RecordingFunctions.Tests.Sensors;

/// <summary>
/// The sensor quality the archive trigger measures as each file arrives. Tests that look at their own set share one
/// app; the one that lists every set has an app of its own.
/// </summary>
public sealed class SensorQualityTests(SharedTestApp shared) : IClassFixture<SharedTestApp>
{
    private const long Start = 9_000_000_000;
    private const long Step = 20_000_000;
    private const long TenMinutes = 600_000_000_000;

    private TestApp App => shared.App;

    [Fact]
    public async Task A_ten_minute_gap_is_measured_exactly_when_the_file_arrives_and_flagged_in_the_set_listing()
    {
        await using var app = await TestApp.StartAsync();
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        var rows = SensorRecordingFile.Wave(30_000, Start, Step, seed: 1)
            .Concat(SensorRecordingFile.Wave(30_000, Start + 29_999 * Step + TenMinutes, Step, seed: 2));
        using var file = SensorRecordingFile.Write("accelerometer", rows);
        const string name = "android_sensor_accelerometer_0_2022-05-01T10:00+0000_f00d.zip";
        const string storedName = "android_sensor_accelerometer_0_2022-05-01T10_00+0000_f00d.zip";
        using (var response = await watch.UploadAsync(setId, name, file.Content()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var set = await SettledQualityAsync(app, setId, 1);

        var quality = Assert.Single(set.Quality);
        var duration = (file.LastTimestamp - file.FirstTimestamp) / 1e9;
        Assert.Equal(
            new SensorQuality(storedName, "accelerometer", 60_000, duration, 59_999 / duration, TenMinutes / 1e9)
            {
                FirstTimestamp = Start,
                LastTimestamp = file.LastTimestamp,
            },
            quality);
        Assert.Equal(file.LongestStep / 1e9, quality.LongestGapSeconds);
        Assert.Equal(["gap: accelerometer 10 min"], set.Flags);
        var listed = Assert.Single((await app.GetJsonAsync("manage/api/recordings")).GetProperty("sets").EnumerateArray());
        Assert.Equal(set.Flags, listed.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!));
        var listedQuality = Assert.Single(listed.GetProperty("quality").EnumerateArray());
        Assert.Equal(storedName, listedQuality.GetProperty("fileName").GetString());
        Assert.Equal(60_000, listedQuality.GetProperty("samples").GetInt64());
        Assert.Equal(TenMinutes / 1e9, listedQuality.GetProperty("longestGapSeconds").GetDouble());
    }

    [Fact]
    public async Task The_index_keeps_quality_across_refreshes_replaces_a_file_sent_again_and_drops_a_deleted_file()
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        var index = App.Services.GetRequiredService<SetQueries>();
        using var accelerometer = SensorRecordingFile.Write("accelerometer", SensorRecordingFile.Wave(500, Start, Step, seed: 3));
        using var gyroscope = SensorRecordingFile.Write("gyroscope", SensorRecordingFile.Wave(100, Start, Step, seed: 4));
        using var longer = SensorRecordingFile.Write("gyroscope", SensorRecordingFile.Wave(400, Start, Step, seed: 5));

        (await watch.UploadAsync(setId, "android_sensor_accelerometer_0.zip", accelerometer.Content())).Dispose();
        (await watch.UploadAsync(setId, "android_sensor_gyroscope_0.zip", gyroscope.Content())).Dispose();
        await SettledQualityAsync(App, setId, 2);
        (await watch.UploadAsync(setId, "android_sensor_accelerometer_1.zip", accelerometer.Content())).Dispose();
        var set = await SettledQualityAsync(App, setId, 3);
        Assert.Equal(["missing: gyroscope"], set.Flags);

        (await watch.UploadAsync(setId, "sensor_recording_battery_0.csv", "1,2\n"u8.ToArray())).Dispose();
        (await watch.UploadAsync(setId, "android_sensor_gyroscope_0.zip", longer.Content())).Dispose();
        set = await QualityEventuallyAsync(App, setId, "the longer gyroscope file measured", quality => quality.Any(q => q.Samples == 400));
        Assert.Equal(
            [("android_sensor_accelerometer_0.zip", 500L), ("android_sensor_accelerometer_1.zip", 500L), ("android_sensor_gyroscope_0.zip", 400L)],
            set.Quality.Select(q => (q.FileName, q.Samples)));

        await App.Containers.Recordings.GetBlobClient($"{setId}/android_sensor_accelerometer_1.zip").DeleteAsync();
        await App.Services.GetRequiredService<SetProjection>().UpdateAsync(SetId.Parse(setId), null, CancellationToken.None);
        set = (await index.GetAsync(SetId.Parse(setId), CancellationToken.None))!;
        Assert.Equal(["android_sensor_accelerometer_0.zip", "android_sensor_gyroscope_0.zip"], set.Quality.Select(q => q.FileName));
        Assert.Empty(set.Flags);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(5000)]
    public async Task A_sensor_zip_that_is_no_zip_is_recorded_with_no_samples(int length)
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();

        (await watch.UploadAsync(setId, "android_sensor_accelerometer_0.zip", [.. "PK\x03\x04"u8, .. new byte[length - 4]])).Dispose();

        var set = await SettledQualityAsync(App, setId, 1);
        Assert.Equal(new SensorQuality("android_sensor_accelerometer_0.zip", "accelerometer", 0, 0, 0, 0), Assert.Single(set.Quality));
    }

    private static Task<RecordingSetSummary> SettledQualityAsync(TestApp app, string setId, int files) =>
        QualityEventuallyAsync(app, setId, $"the sensor quality of {files} files", quality => quality.Count == files);

    /// <summary>The set's index row once the archive trigger recorded the sensor quality <paramref name="settled"/> expects.</summary>
    private static async Task<RecordingSetSummary> QualityEventuallyAsync(
        TestApp app, string setId, string awaited, Func<IReadOnlyList<SensorQuality>, bool> settled)
    {
        var index = app.Services.GetRequiredService<SetQueries>();
        var set = await Eventually.UntilAsync(
            awaited,
            () => index.GetAsync(SetId.Parse(setId), CancellationToken.None),
            set => set is not null && settled(set.Quality),
            set => set is null ? "no index row" : $"[{string.Join(", ", set.Quality.Select(q => $"{q.FileName}: {q.Samples} samples"))}]");
        return set!;
    }
}
