using Microsoft.Playwright;
using RecordingFunctions.Tests.Sensors;
using static Microsoft.Playwright.Assertions;

namespace RecordingFunctions.Tests.Browser;

/// <summary>Motion-sensor sets in the page: the preview of a long recording, and a broken watch noticed the same day.</summary>
[Collection(BrowserTests.Collection)]
public sealed class SensorJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const long Start = 1_700_000_000_000_000_000;
    private const long Step = 20_000_000;
    private const long TenMinutes = 600_000_000_000;
    private const int PointBudget = 2000;

    [Fact]
    public async Task The_preview_of_a_million_row_accelerometer_renders_within_the_point_budget()
    {
        await using var app = await TestApp.StartAsync();
        var watch = await app.PairedWatchAsync();
        var uuid = await watch.NewSetAsync();
        using var accelerometer = SensorRecordingFile.Write("accelerometer", SensorRecordingFile.Wave(1_000_000, Start, Step, seed: 11));
        (await watch.UploadAsync(uuid, "android_sensor_accelerometer_0.zip", accelerometer.Content())).EnsureSuccessStatusCode();
        var stamps = $"{Start + 5_000 * Step}\n{Start + 600_000 * Step}\n";
        (await watch.UploadAsync(uuid, "sensor_recording_hand_wash_time_stamps_0.csv", System.Text.Encoding.ASCII.GetBytes(stamps))).EnsureSuccessStatusCode();
        await WaitForQualityAsync(app, uuid);
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "preview-million");

        var preview = await console.Page.RunAndWaitForResponseAsync(
            () => console.GoToAsync($"set/{uuid}"),
            response => response.Url.Contains($"/manage/api/recordings/{uuid}/preview", StringComparison.Ordinal),
            new() { Timeout = 120_000 });
        var json = await preview.JsonAsync();

        Assert.Equal(200, preview.Status);
        var series = Assert.Single(json!.Value.GetProperty("sensors").EnumerateArray());
        Assert.Equal(1_000_000, series.GetProperty("totalSamples").GetInt64());
        Assert.InRange(series.GetProperty("t").GetArrayLength(), PointBudget / 2, PointBudget);
        foreach (var bound in new[] { "min", "max" })
        {
            foreach (var axis in new[] { "x", "y", "z" })
            {
                Assert.Equal(series.GetProperty("t").GetArrayLength(), series.GetProperty(bound).GetProperty(axis).GetArrayLength());
            }
        }

        Assert.Equal(accelerometer.Max[0], series.GetProperty("max").GetProperty("x").EnumerateArray().Max(v => v.GetDouble()));
        Assert.Equal(2, json.Value.GetProperty("markers").GetArrayLength());
        await Expect(console.Page.Locator(".uplot canvas").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await console.ScreenshotAsync("set");
        console.AssertNoProblems();
    }

    [Fact]
    public async Task A_ten_minute_gap_is_flagged_in_the_list_and_the_audit_log_shows_the_grant_and_the_zip_download()
    {
        await using var app = await TestApp.StartAsync();
        var identifier = "gappy-" + Guid.NewGuid().ToString("N")[..6];
        var watch = await app.PairedWatchAsync(identifier);
        var uuid = await watch.NewSetAsync();
        var rows = SensorRecordingFile.Wave(3_000, Start, Step, seed: 12)
            .Concat(SensorRecordingFile.Wave(3_000, Start + 2_999 * Step + TenMinutes, Step, seed: 13));
        using var accelerometer = SensorRecordingFile.Write("accelerometer", rows);
        (await watch.UploadAsync(uuid, "android_sensor_accelerometer_0.zip", accelerometer.Content())).EnsureSuccessStatusCode();
        await WaitForQualityAsync(app, uuid);
        await app.SettledArchiveAsync(uuid, ["android_sensor_accelerometer_0.zip"]);
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "quality-gap");

        await console.GoToAsync("recordings");
        var listed = console.Page.Locator("#recordings tbody tr", new() { HasText = uuid });
        await Expect(listed).ToContainTextAsync("gap: accelerometer 10 min");
        await console.ScreenshotAsync("recordings");

        await listed.GetByRole(AriaRole.Link, new() { Name = uuid }).ClickAsync();
        var quality = console.Page.Locator("tr", new() { HasText = "android_sensor_accelerometer_0.zip" }).Filter(new() { HasText = "accelerometer" }).Last;
        var duration = (accelerometer.LastTimestamp - accelerometer.FirstTimestamp) / 1e9;
        await Expect(quality).ToContainTextAsync(accelerometer.Rows.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-US")));
        await Expect(quality).ToContainTextAsync($"{(accelerometer.Rows - 1) / duration:0.#} Hz");
        await Expect(quality).ToContainTextAsync("10:00");
        var download = await console.Page.RunAndWaitForDownloadAsync(() => console.Page.Locator("#set-zip").ClickAsync());
        Assert.Null(await download.FailureAsync());
        await console.ScreenshotAsync("set");

        await console.GoToAsync("audit");
        var log = console.Page.Locator("#audit tbody");
        await Expect(log).ToContainTextAsync("zip downloaded");
        await Expect(log).ToContainTextAsync(uuid);
        await Expect(log).ToContainTextAsync("grant");
        await Expect(log).ToContainTextAsync(identifier);
        await console.ScreenshotAsync("audit");
        console.AssertNoProblems();
    }

    private static async Task WaitForQualityAsync(TestApp app, string uuid) =>
        await Eventually.UntilAsync(
            "the sensor quality recorded", async () => (await app.GetJsonAsync($"manage/api/recordings/{uuid}")).GetProperty("quality"), quality => quality.GetArrayLength() > 0);
}
