using System.IO.Compression;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RecordingFunctions.Tests.Browser;

/// <summary>A set uploaded by a watch, found, described, downloaded, trimmed and deleted in the page.</summary>
[Collection(BrowserTests.Collection)]
public sealed class RecordingJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string SensorFile = "android_sensor_accelerometer_0.zip";
    private const string BatteryFile = "sensor_recording_battery_0.csv";

    [Fact]
    public async Task A_set_is_listed_described_downloaded_trimmed_and_deleted_in_the_page_and_its_zip_follows()
    {
        await using var app = await TestApp.StartAsync();
        var identifier = "watch-" + Guid.NewGuid().ToString("N")[..6];
        var watch = await app.PairedWatchAsync(identifier);
        var uuid = await watch.NewSetAsync();
        var sensor = SensorZip();
        var battery = "1700000000000000000\t87\n1700000060000000000\t86\n"u8.ToArray();
        (await watch.UploadAsync(uuid, SensorFile, sensor)).EnsureSuccessStatusCode();
        (await watch.UploadAsync(uuid, BatteryFile, battery)).EnsureSuccessStatusCode();
        await app.SettledArchiveAsync(uuid, [SensorFile, BatteryFile]);
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "recording");

        await console.GoToAsync("recordings");
        var listed = console.Page.Locator("#recordings tbody tr", new() { HasText = uuid });
        await Expect(listed).ToContainTextAsync(identifier);
        await console.ScreenshotAsync("recordings");
        await console.Page.Locator("#recordings-search-text").FillAsync(identifier);
        await Expect(console.Page.Locator("#recordings tbody tr")).ToHaveCountAsync(1);
        await listed.GetByRole(AriaRole.Link, new() { Name = uuid }).ClickAsync();

        await Expect(console.Page.Locator("#set-id")).ToHaveTextAsync(uuid);
        await Expect(console.Page.Locator("#set-files tbody tr")).ToHaveCountAsync(2);
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Edit description" }).ClickAsync();
        await console.Page.Locator("#set-description-text").FillAsync("Participant 7, left wrist\nsecond session");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Save description" }).ClickAsync();
        await Expect(console.Page.Locator("#set-description")).ToHaveTextAsync("Participant 7, left wrist\nsecond session");
        await console.ScreenshotAsync("set");

        var entries = await DownloadSettledZipAsync(console, zip => zip.ContainsKey(SensorFile) && zip.ContainsKey(BatteryFile));
        Assert.Equal(sensor, entries[SensorFile]);
        Assert.Equal(battery, entries[BatteryFile]);

        var batteryRow = console.Page.Locator("#set-files tbody tr", new() { HasText = BatteryFile });
        await batteryRow.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(batteryRow).ToHaveCountAsync(0);
        await Expect(console.Page.Locator("#set-files tbody tr")).ToHaveCountAsync(1);
        await console.ScreenshotAsync("set");
        Assert.Contains(console.Dialogs, d => d.StartsWith("confirm:", StringComparison.Ordinal) && d.Contains(BatteryFile, StringComparison.Ordinal));

        entries = await DownloadSettledZipAsync(console, zip => zip.ContainsKey(SensorFile) && !zip.ContainsKey(BatteryFile));
        Assert.Equal(sensor, entries[SensorFile]);

        await console.GoToAsync("recordings");
        await Expect(listed).ToContainTextAsync("Participant 7, left wrist");
        await Expect(listed).Not.ToContainTextAsync("second session");

        // The whole set goes, after a confirmation, with its files, description and zip.
        await listed.GetByRole(AriaRole.Link, new() { Name = uuid }).ClickAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Delete the whole set" }).ClickAsync();
        await Expect(console.Page.Locator("#notices")).ToContainTextAsync($"Deleted set {uuid}.");
        await Expect(listed).ToHaveCountAsync(0);
        await console.ScreenshotAsync("recordings");
        Assert.Contains(console.Dialogs, d => d.StartsWith("confirm:", StringComparison.Ordinal) && d.Contains("whole set", StringComparison.Ordinal));
        Assert.Empty(await app.AllBlobsAsync());
        console.AssertNoProblems();
    }

    [Fact]
    public async Task A_set_with_files_from_another_device_is_marked_in_the_list_the_set_view_and_the_audit_log()
    {
        await using var app = await TestApp.StartAsync();
        var owner = await app.PairedWatchAsync("owner-" + Guid.NewGuid().ToString("N")[..6]);
        var stranger = await app.PairedWatchAsync("stranger-" + Guid.NewGuid().ToString("N")[..6]);
        var marked = await owner.NewSetAsync();
        var plain = await owner.NewSetAsync();
        (await owner.UploadAsync(marked, BatteryFile, "1\t2\n"u8.ToArray())).EnsureSuccessStatusCode();
        (await stranger.UploadAsync(marked, "sensor_recording_prediction_0.csv", "1\t0\n"u8.ToArray())).EnsureSuccessStatusCode();
        (await owner.UploadAsync(plain, BatteryFile, "1\t2\n"u8.ToArray())).EnsureSuccessStatusCode();
        await app.SettledArchiveAsync(marked, [BatteryFile, "sensor_recording_prediction_0.csv"]);
        await app.SettledArchiveAsync(plain, [BatteryFile]);
        var mark = $"files from another device: {stranger.Identifier}";
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "recording-device-mark");

        await console.GoToAsync("recordings");
        var markedRow = console.Page.Locator("#recordings tbody tr", new() { HasText = marked });
        await Expect(markedRow.Locator(".device-marks .badge.warn")).ToHaveTextAsync(mark);
        await Expect(console.Page.Locator("#recordings tbody tr", new() { HasText = plain }).Locator(".device-marks")).ToHaveCountAsync(0);
        await console.ScreenshotAsync("recordings");

        await markedRow.GetByRole(AriaRole.Link, new() { Name = marked }).ClickAsync();
        await Expect(console.Page.Locator("#set-facts")).ToContainTextAsync(owner.Identifier!);
        await Expect(console.Page.Locator("#set-facts .device-marks .badge.warn")).ToHaveTextAsync(mark);
        await console.ScreenshotAsync("set");

        // The audit log names the set, the mark and the device that sent the files.
        await console.GoToAsync("audit");
        var audited = console.Page.Locator("#audit tbody tr", new() { HasText = "set from an unexpected device" });
        await Expect(audited).ToHaveCountAsync(1);
        await Expect(audited).ToContainTextAsync(stranger.Identifier!);
        await Expect(audited).ToContainTextAsync($"set {marked}: {mark}");
        await console.ScreenshotAsync("audit");
        console.AssertNoProblems();
    }

    [Fact]
    public async Task A_description_full_of_markup_is_shown_as_text_and_runs_nothing()
    {
        const string xss = "<img src=x onerror=alert(1)>";
        await using var app = await TestApp.StartAsync();
        var watch = await app.PairedWatchAsync();
        var uuid = await watch.NewSetAsync();
        (await watch.UploadAsync(uuid, BatteryFile, "1\t2\n"u8.ToArray())).EnsureSuccessStatusCode();
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "xss-description");

        await console.GoToAsync($"set/{uuid}");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Edit description" }).ClickAsync();
        await console.Page.Locator("#set-description-text").FillAsync(xss);
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Save description" }).ClickAsync();
        await Expect(console.Page.Locator("#set-description")).ToHaveTextAsync(xss);
        await console.ScreenshotAsync("set");
        await console.GoToAsync("recordings");
        await Expect(console.Page.Locator("#recordings tbody tr", new() { HasText = uuid })).ToContainTextAsync(xss);
        await console.ScreenshotAsync("recordings");

        Assert.Equal(0, await console.Page.Locator("main img").CountAsync());
        Assert.Empty(console.Dialogs);
        console.AssertNoProblems();
    }

    /// <summary>The zip is rebuilt moments after each change: downloads it from the page until it shows the change.</summary>
    private static async Task<Dictionary<string, byte[]>> DownloadSettledZipAsync(ConsoleSession console, Func<Dictionary<string, byte[]>, bool> settled)
    {
        var entries = await Eventually.UntilAsync(
            "the set's zip, downloaded from the page, to settle",
            async () =>
            {
                var download = await console.Page.RunAndWaitForDownloadAsync(() => console.Page.Locator("#set-zip").ClickAsync());
                return await download.FailureAsync() is null ? AdminApi.ZipEntries(File.ReadAllBytes(await download.PathAsync())) : null;
            },
            entries => entries is not null && settled(entries),
            entries => entries is null ? "a failed download" : $"[{string.Join(", ", entries.Keys.Order())}]");
        return entries!;
    }

    private static byte[] SensorZip()
    {
        var csv = new StringBuilder();
        for (var i = 0; i < 500; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{1_700_000_000_000_000_000L + (i * 20_000_000L)}\t{Math.Sin(i / 10.0):F4}\t{Math.Cos(i / 10.0):F4}\t9.81\n");
        }

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("android_sensor_accelerometer_0.csv").Open();
            entry.Write(Encoding.UTF8.GetBytes(csv.ToString()));
        }

        return buffer.ToArray();
    }
}
