using static Microsoft.Playwright.Assertions;

namespace RecordingFunctions.Tests.Browser;

/// <summary>Every view with data in it, on a laptop and on a phone: each loads without an error and is captured.</summary>
[Collection(BrowserTests.Collection)]
public sealed class ConsoleTourTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Theory]
    [InlineData("laptop")]
    [InlineData("phone")]
    public async Task Every_view_loads_without_an_error(string device)
    {
        await using var app = await TestApp.StartAsync();
        var watch = await app.PairedWatchAsync("SM-R860[tour-" + device + "]");
        var uuid = await watch.NewSetAsync();
        (await watch.UploadAsync(uuid, "sensor_recording_battery_0.csv", "1700000000000000000\t87\n"u8.ToArray())).EnsureSuccessStatusCode();
        await app.SettledArchiveAsync(uuid, ["sensor_recording_battery_0.csv"]);
        await SimulatedWatch.Of2022(app).RequestTokenAsync("Pixel-Watch-waiting");
        await using var console = await ConsoleSession.OpenAsync(chromium, app, $"tour-{device}", device == "phone" ? ConsoleSession.Phone : ConsoleSession.Laptop);

        var views = new (string Hash, string Ready)[]
        {
            ("devices", "#devices tbody tr"),
            ("recordings", "#recordings tbody tr"),
            ($"set/{uuid}", "#set-files tbody tr"),
            ("models", "#models-empty"),
            ("audit", "#audit tbody tr"),
            ("settings", "#settings-client-secret:not(:empty)"),
        };
        foreach (var (hash, ready) in views)
        {
            await console.GoToAsync(hash);
            await Expect(console.Page.Locator($"#view-{hash.Split('/')[0]}")).ToBeVisibleAsync();
            await Expect(console.Page.Locator(ready).First).ToBeVisibleAsync();
            await console.ScreenshotAsync(hash.Split('/')[0]);
        }

        await Expect(console.Page.Locator("#notices .notice.error")).ToHaveCountAsync(0);
        Assert.Empty(console.Dialogs);
        console.AssertNoProblems();
    }
}
