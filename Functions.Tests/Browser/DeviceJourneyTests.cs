using Microsoft.Playwright;
using RecordingFunctions.DevHost;
using static Microsoft.Playwright.Assertions;

namespace RecordingFunctions.Tests.Browser;

/// <summary>Pairing in the page, and what the page refuses or renders inert.</summary>
[Collection(BrowserTests.Collection)]
public sealed class DeviceJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string Xss = "<img src=x onerror=alert(1)>";

    /// <summary>The watch's own button names (device-protocol.md, section 1).</summary>
    private const string WearerMustPress = "gets 401 on every upload until its wearer presses \"Delete token\" and then \"Apply\" in the watch's settings";

    [Fact]
    public async Task A_watch_granted_in_the_page_gets_its_token_and_once_revoked_there_its_upload_is_refused_and_the_page_says_what_the_wearer_must_do()
    {
        await using var app = await TestApp.StartAsync();
        var identifier = "SM-R860-" + Guid.NewGuid().ToString("N")[..6];
        var watch = SimulatedWatch.Of2022(app);
        Assert.Equal("new", Status(await watch.RequestTokenAsync(identifier)));
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "pairing");

        await console.GoToAsync("devices");
        var request = console.Page.Locator("#pairing-requests tbody tr", new() { HasText = identifier });
        await Expect(request).ToBeVisibleAsync();
        await console.ScreenshotAsync("devices");
        await request.GetByRole(AriaRole.Button, new() { Name = "Grant" }).ClickAsync();
        await Expect(request).ToContainTextAsync("granted");

        Assert.Equal("grant", Status(await watch.RequestTokenAsync(identifier)));
        Assert.NotNull(watch.Token);
        var uuid = await watch.NewSetAsync();

        // The page refreshes by itself: the device shows up without a reload once the watch collected its token.
        var device = console.Page.Locator("#devices tbody tr", new() { HasText = identifier });
        await Expect(device).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(request).ToHaveCountAsync(0);
        await console.ScreenshotAsync("devices");
        await device.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        // The revoked device stays listed, saying what the watch now gets and what its wearer has to press.
        await Expect(device).ToContainTextAsync("Revoked");
        await Expect(device).ToContainTextAsync(WearerMustPress);
        await Expect(device.GetByRole(AriaRole.Button, new() { Name = "Revoke" })).ToHaveCountAsync(0);
        await console.ScreenshotAsync("devices");
        Assert.Contains(console.Dialogs, d => d.StartsWith("confirm:", StringComparison.Ordinal)
            && d.Contains(identifier, StringComparison.Ordinal) && d.Contains(WearerMustPress, StringComparison.Ordinal));
        using var upload = await watch.UploadAsync(uuid, "sensor_recording_battery_0.csv", "1\t2\n"u8.ToArray());
        Assert.Equal(HttpStatusCode.Unauthorized, upload.StatusCode);

        // Once the wearer has paired again, the old entry can go.
        await device.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Expect(device).ToHaveCountAsync(0);
        Assert.Contains(console.Dialogs, d => d.StartsWith("confirm: Remove", StringComparison.Ordinal) && d.Contains(identifier, StringComparison.Ordinal));
        Assert.Empty((await app.GetJsonAsync("manage/api/devices")).EnumerateArray());
        console.AssertNoProblems();
    }

    [Fact]
    public async Task A_pending_request_is_found_among_many_by_its_identifier_or_its_address()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { [CallerAddress.TrustedProxiesSetting] = "127.0.0.1" });
        for (var i = 0; i < 12; i++)
        {
            await RequestFromAsync(app, $"stranger-{i:D2}", "198.51.100.7");
        }

        await RequestFromAsync(app, "SM-R860 [ward-3]", "192.0.2.44");
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "pairing-search");

        await console.GoToAsync("devices");
        var rows = console.Page.Locator("#pairing-requests tbody tr");
        await Expect(rows).ToHaveCountAsync(13);
        await console.Page.Locator("#pairing-search-text").FillAsync("ward-3");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("SM-R860 [ward-3]");
        await console.ScreenshotAsync("devices");

        // The filter holds across the page's own refreshes, and works on the address too.
        await Task.Delay(TimeSpan.FromSeconds(6));
        await Expect(rows).ToHaveCountAsync(1);
        await console.Page.Locator("#pairing-search-text").FillAsync("192.0.2.44");
        await Expect(rows).ToHaveCountAsync(1);
        await rows.First.GetByRole(AriaRole.Button, new() { Name = "Grant" }).ClickAsync();
        await Expect(rows.First).ToContainTextAsync("granted");

        await console.Page.Locator("#pairing-search-text").FillAsync("nobody-here");
        await Expect(console.Page.Locator("#pairing-requests-empty")).ToHaveTextAsync("No pairing request matches “nobody-here”.");
        await console.Page.Locator("#pairing-search-text").FillAsync("");
        await Expect(rows).ToHaveCountAsync(13);
        await console.ScreenshotAsync("devices");
        Assert.Equal("grant", Status(await RequestFromAsync(app, "SM-R860 [ward-3]", "192.0.2.44")));
        console.AssertNoProblems();
    }

    [Fact]
    public async Task A_watch_denied_in_the_page_gets_no_token_and_its_request_is_gone()
    {
        await using var app = await TestApp.StartAsync();
        var identifier = "stranger-" + Guid.NewGuid().ToString("N")[..6];
        var watch = SimulatedWatch.Of2022(app);
        await watch.RequestTokenAsync(identifier);
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "pairing-denied");

        await console.GoToAsync("devices");
        var request = console.Page.Locator("#pairing-requests tbody tr", new() { HasText = identifier });
        await request.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();

        await Expect(console.Page.Locator("#notices")).ToContainTextAsync($"Denied: {identifier}");
        await Expect(request).ToHaveCountAsync(0);
        await console.ScreenshotAsync("devices");
        Assert.Equal("new", Status(await watch.RequestTokenAsync(identifier)));
        Assert.Null(watch.Token);
        Assert.Empty((await app.GetJsonAsync("manage/api/devices")).EnumerateArray());
        console.AssertNoProblems();
    }

    [Fact]
    public async Task A_pairing_identifier_full_of_markup_is_shown_as_text_and_runs_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var watch = SimulatedWatch.Of2022(app);
        await watch.RequestTokenAsync(Uri.EscapeDataString(Xss));
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "xss-identifier");

        await console.GoToAsync("devices");
        var request = console.Page.Locator("#pairing-requests tbody tr", new() { HasText = Xss });
        await Expect(request).ToBeVisibleAsync();
        await Expect(request.Locator("td").First).ToHaveTextAsync(Xss);
        await request.GetByRole(AriaRole.Button, new() { Name = "Grant" }).ClickAsync();
        await Expect(console.Page.Locator("#notices")).ToContainTextAsync("Granted: " + Xss);
        await console.ScreenshotAsync("devices");

        await watch.RequestTokenAsync(Uri.EscapeDataString(Xss));
        var device = console.Page.Locator("#devices tbody tr", new() { HasText = Xss });
        await Expect(device).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(device.Locator("td").First).ToHaveTextAsync(Xss);
        await console.ScreenshotAsync("devices");

        Assert.Equal(0, await console.Page.Locator("main img, #notices img").CountAsync());
        Assert.Empty(console.Dialogs);
        console.AssertNoProblems();
    }

    [Fact]
    public async Task A_change_from_another_site_or_without_the_page_header_is_refused_and_changes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var identifier = "cross-origin-" + Guid.NewGuid().ToString("N")[..6];
        await SimulatedWatch.Of2022(app).RequestTokenAsync(identifier);
        var id = await app.PendingRequestIdAsync();
        var grant = new Uri(app.BaseAddress, $"manage/api/pairing/requests/{id}/grant");
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "foreign-change");

        // Another site's page posts a form to the grant URL in the signed-in admin's browser.
        const string attacker = "http://attacker.example/";
        await console.Page.RouteAsync(attacker + "**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"<form method=post action=\"{grant}\"></form><script>document.forms[0].submit()</script>",
        }));
        var foreignPost = await console.Page.RunAndWaitForResponseAsync(
            () => console.Page.GotoAsync(attacker),
            response => response.Url == grant.ToString());
        Assert.Equal((int)HttpStatusCode.Forbidden, foreignPost.Status);

        // The page's own origin, but a script that does not send X-Requested-With.
        await console.GoToAsync("devices");
        await Expect(console.Page.Locator("#pairing-requests tbody tr", new() { HasText = identifier })).ToBeVisibleAsync();
        var bareFetch = await console.Page.EvaluateAsync<int>(
            "async url => (await fetch(url, { method: 'POST', credentials: 'same-origin' })).status", grant.ToString());
        Assert.Equal((int)HttpStatusCode.Forbidden, bareFetch);

        // The header, but sent from a foreign Origin (what a non-browser client could forge; a browser cannot).
        using var forged = new HttpRequestMessage(HttpMethod.Post, grant);
        forged.Headers.Add("Origin", "https://attacker.example");
        using var forgedResponse = await app.Admin.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Forbidden, forgedResponse.StatusCode);

        var pending = (await app.GetJsonAsync("manage/api/pairing/requests")).EnumerateArray().Single();
        Assert.False(pending.GetProperty("granted").GetBoolean());
        console.AssertNoProblems();
    }

    private static Task<JsonElement> RequestFromAsync(TestApp app, string identifier, string source) =>
        SimulatedWatch.Of2021(app).RequestTokenAsync(Uri.EscapeDataString(identifier), forwardedFor: source);

    private static string? Status(JsonElement answer) => answer.GetProperty("status").GetString();
}
