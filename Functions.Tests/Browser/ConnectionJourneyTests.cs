using RecordingFunctions.Manage;
using static Microsoft.Playwright.Assertions;

namespace RecordingFunctions.Tests.Browser;

/// <summary>The Devices view tells the researcher the exact server name to enter on a watch.</summary>
[Collection(BrowserTests.Collection)]
public sealed class ConnectionJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Theory]
    [InlineData("laptop")]
    [InlineData("phone")]
    public async Task In_Azure_the_devices_view_shows_the_https_host_name_warns_of_a_trailing_slash_and_copies_it(string device)
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { [WatchServerName.HostNameSetting] = "handwash-study.azurewebsites.net" });
        await using var console = await ConsoleSession.OpenAsync(chromium, app, $"server-name-azure-{device}", Viewport(device));
        await console.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);

        await console.GoToAsync("devices");

        var page = console.Page;
        await Expect(page.Locator("#server-name")).ToHaveTextAsync("https://handwash-study.azurewebsites.net");
        await Expect(page.Locator("#server-name-source")).ToContainTextAsync("WEBSITE_HOSTNAME");
        await Expect(page.Locator("#server-name-slash")).ToBeVisibleAsync();
        await Expect(page.Locator("#server-name-slash")).ToContainTextAsync("No / at the end.");
        await Expect(page.Locator("#server-name-slash")).ToContainTextAsync("starts with //");
        await Expect(page.Locator("#server-name-slash")).ToContainTextAsync("404");
        await Expect(page.Locator("#server-name-insecure")).ToBeHiddenAsync();
        await console.ScreenshotAsync("devices");

        await page.Locator("#server-name-copy").ClickAsync();
        await Expect(page.Locator("#server-name-copy")).ToHaveTextAsync("Copied");
        Assert.Equal("https://handwash-study.azurewebsites.net", await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        console.AssertNoProblems();
    }

    [Theory]
    [InlineData("laptop")]
    [InlineData("phone")]
    public async Task A_local_run_shows_its_own_address_and_that_a_watch_needs_https_through_a_tunnel(string device)
    {
        await using var app = await TestApp.StartAsync();
        await using var console = await ConsoleSession.OpenAsync(chromium, app, $"server-name-local-{device}", Viewport(device));

        await console.GoToAsync("devices");

        var page = console.Page;
        var origin = app.BaseAddress.GetLeftPart(UriPartial.Authority);
        await Expect(page.Locator("#server-name")).ToHaveTextAsync(origin);
        await Expect(page.Locator("#server-name-source")).ToContainTextAsync("The address this page was reached at");
        await Expect(page.Locator("#server-name-slash")).ToBeVisibleAsync();
        var insecure = page.Locator("#server-name-insecure");
        await Expect(insecure).ToBeVisibleAsync();
        await Expect(insecure).ToContainTextAsync("only over HTTPS with a publicly trusted certificate");
        await Expect(insecure).ToContainTextAsync($"devtunnel host -p {app.BaseAddress.Port} --allow-anonymous");
        await Expect(insecure).ToContainTextAsync("Recordings__PublicBaseUrl");
        await console.ScreenshotAsync("devices");
        console.AssertNoProblems();
    }

    [Fact]
    public async Task A_public_base_url_setting_that_is_no_url_is_named_on_the_page()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { [WatchServerName.PublicBaseUrlSetting] = "handwash.example.org" });
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "server-name-bad-setting");

        await console.GoToAsync("devices");

        await Expect(console.Page.Locator("#server-name")).ToHaveTextAsync(app.BaseAddress.GetLeftPart(UriPartial.Authority));
        await Expect(console.Page.Locator("#server-name-problem")).ToBeVisibleAsync();
        await Expect(console.Page.Locator("#server-name-problem")).ToContainTextAsync("Recordings__PublicBaseUrl is \"handwash.example.org\"");
        await console.ScreenshotAsync("devices");
        console.AssertNoProblems();
    }

    private static Microsoft.Playwright.ViewportSize Viewport(string device) => device == "phone" ? ConsoleSession.Phone : ConsoleSession.Laptop;
}
