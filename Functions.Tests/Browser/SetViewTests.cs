using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace RecordingFunctions.Tests.Browser;

/// <summary>
/// The set view drawn from answers in the API's documented shapes (served here by the browser's request routing,
/// so the page is tested on its own): facts, quality flags, files, and the preview charts with their zoom.
/// </summary>
[Collection(BrowserTests.Collection)]
public sealed class SetViewTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string SetId = "0b7e6f3c-5d1a-4c8e-9a43-2f1d6c0e9b21";

    // Beyond 2^53: the page must do its window arithmetic without losing the nanoseconds' magnitude.
    private const long Origin = 1_700_000_000_123_456_789;

    private const double DurationSeconds = 600;

    private static readonly string[] Flags = ["gyroscope gap over 10 s", "no hand-wash marker file"];

    private static readonly double[] Markers = [150.0, 400.0];

    [Theory]
    [InlineData("laptop")]
    [InlineData("phone")]
    public async Task A_set_shows_its_facts_flags_files_quality_and_a_preview_that_zooms_on_a_drag(string device)
    {
        await using var app = await TestApp.StartAsync();
        await using var console = await ConsoleSession.OpenAsync(chromium, app, $"set-view-{device}", device == "phone" ? ConsoleSession.Phone : ConsoleSession.Laptop);
        var previews = new List<Uri>();
        await console.Page.RouteAsync(new Regex($"/manage/api/recordings/{SetId}$"), route => route.FulfillAsync(new() { ContentType = "application/json", Body = SetJson() }));
        await console.Page.RouteAsync(new Regex($"/manage/api/recordings/{SetId}/preview\\?"), route =>
        {
            var url = new Uri(route.Request.Url);
            lock (previews)
            {
                previews.Add(url);
            }

            return route.FulfillAsync(new() { ContentType = "application/json", Body = PreviewJson(url) });
        });

        await console.GoToAsync($"set/{SetId}");
        await Expect(console.Page.Locator("#set-id")).ToHaveTextAsync(SetId);
        await Expect(console.Page.Locator("#set-flags .badge.warn")).ToHaveTextAsync(Flags);
        await Expect(console.Page.Locator("#set-files tbody tr")).ToHaveCountAsync(2);
        await Expect(console.Page.Locator("#set-files tbody tr").First).ToContainTextAsync("1.50 MiB");
        await Expect(console.Page.Locator("#set-quality tbody tr", new() { HasText = "gyroscope" })).ToContainTextAsync("12.5 s");
        await Expect(console.Page.Locator("#set-description")).ToHaveTextAsync("Line one\nline two");
        await Expect(console.Page.Locator("#set-zip")).ToHaveAttributeAsync("href", $"manage/api/recordings/{SetId}/zip");
        await Expect(console.Page.Locator("#preview figure")).ToHaveCountAsync(2);
        await Expect(console.Page.Locator("#preview-status")).ToHaveTextAsync("2 hand-wash time stamps.");
        await console.ScreenshotAsync("set");

        var first = Assert.Single(previews);
        Assert.Equal("points=2000", first.Query.TrimStart('?'));

        // Drag across the middle of the first chart: the page asks for that window, in nanoseconds.
        var chart = console.Page.Locator("#preview .u-over").First;
        await chart.ScrollIntoViewIfNeededAsync();
        var area = (await chart.BoundingBoxAsync())!;
        var y = area.Y + (area.Height / 2);
        await console.Page.Mouse.MoveAsync(area.X + (area.Width * 0.25f), y);
        await console.Page.Mouse.DownAsync();
        await console.Page.Mouse.MoveAsync(area.X + (area.Width * 0.5f), y, new() { Steps = 5 });
        await console.Page.Mouse.UpAsync();
        await Expect(console.Page.Locator("#preview-reset")).ToBeVisibleAsync();
        await console.ScreenshotAsync("set-zoomed");

        Assert.Equal(2, previews.Count);
        var zoom = previews.Last();
        var query = System.Web.HttpUtility.ParseQueryString(zoom.Query);
        Assert.Equal("2000", query["points"]);
        var from = long.Parse(query["from"]!, System.Globalization.CultureInfo.InvariantCulture);
        var to = long.Parse(query["to"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(from, Origin + (long)(DurationSeconds * 0.2e9), Origin + (long)(DurationSeconds * 0.3e9));
        Assert.InRange(to, Origin + (long)(DurationSeconds * 0.45e9), Origin + (long)(DurationSeconds * 0.55e9));

        await console.Page.Locator("#preview-reset").ClickAsync();
        await Expect(console.Page.Locator("#preview-reset")).ToBeHiddenAsync();
        Assert.Equal(3, previews.Count);
        Assert.Equal("points=2000", previews.Last().Query.TrimStart('?'));
        console.AssertNoProblems();
    }

    private static string SetJson() => JsonSerializer.Serialize(new
    {
        id = SetId,
        issuedAt = "2024-03-01T09:00:00+00:00",
        device = "SM-R860[abc]",
        fileCount = 2,
        totalBytes = 1_600_000,
        firstUpload = "2024-03-01T10:00:00+00:00",
        lastUpload = "2024-03-01T10:05:00+00:00",
        description = "Line one",
        descriptionText = "Line one\nline two",
        flags = Flags,
        deviceMarks = Array.Empty<string>(),
        tags = Array.Empty<string>(),
        quality = new[]
        {
            new { fileName = "android_sensor_accelerometer_0.zip", sensor = "accelerometer", samples = 30_000, durationSeconds = 600.0, meanRateHz = 50.0, longestGapSeconds = 0.04 },
            new { fileName = "android_sensor_gyroscope_0.zip", sensor = "gyroscope", samples = 29_000, durationSeconds = 600.0, meanRateHz = 48.3, longestGapSeconds = 12.5 },
        },
        files = new[]
        {
            new { name = "android_sensor_accelerometer_0.zip", size = 1_572_864, uploadedAt = "2024-03-01T10:00:00+00:00", microphone = false, crc32 = "1a2b3c4d" },
            new { name = "android_sensor_gyroscope_0.zip", size = 27_136, uploadedAt = "2024-03-01T10:05:00+00:00", microphone = false, crc32 = "5e6f7a8b" },
        },
        archive = new { size = 1_600_100, lastModified = "2024-03-01T10:05:02+00:00" },
    });

    /// <summary>A preview in the sensors helper's shape: per sensor, bucket times (seconds since the set's start) with min and max per axis.</summary>
    private static string PreviewJson(Uri url)
    {
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        var from = query["from"] is { } f ? (long.Parse(f, System.Globalization.CultureInfo.InvariantCulture) - Origin) / 1e9 : 0;
        var to = query["to"] is { } t ? (long.Parse(t, System.Globalization.CultureInfo.InvariantCulture) - Origin) / 1e9 : DurationSeconds;
        const int points = 400;
        var times = Enumerable.Range(0, points).Select(i => from + ((to - from) * i / (points - 1))).ToArray();
        object Sensor(string name, double scale) => new
        {
            sensor = name,
            fileName = $"android_sensor_{name}_0.zip",
            from = Origin + (long)(from * 1e9),
            to = Origin + (long)(to * 1e9),
            totalSamples = 30_000,
            t = times,
            min = new { x = times.Select(s => (scale * Math.Sin(s / 20)) - 0.5), y = times.Select(s => (scale * Math.Cos(s / 30)) - 0.4), z = times.Select(s => 9.3 + (0.2 * Math.Sin(s))) },
            max = new { x = times.Select(s => (scale * Math.Sin(s / 20)) + 0.5), y = times.Select(s => (scale * Math.Cos(s / 30)) + 0.4), z = times.Select(s => 9.9 + (0.2 * Math.Sin(s))) },
        };
        return JsonSerializer.Serialize(new
        {
            sensors = new[] { Sensor("accelerometer", 3), Sensor("gyroscope", 1) },
            markers = Markers,
            origin = Origin,
        });
    }
}
