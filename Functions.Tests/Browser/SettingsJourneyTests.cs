using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RecordingFunctions.Tests.Browser;

/// <summary>Settings, the admin's password and the shared client secret changed in the page.</summary>
[Collection(BrowserTests.Collection)]
public sealed class SettingsJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_password_changed_in_the_page_replaces_the_old_one()
    {
        await using var app = await TestApp.StartAsync();
        var newPassword = "new-" + Guid.NewGuid().ToString("N")[..12];
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "password");

        await console.GoToAsync("settings");
        await Expect(console.Page.GetByLabel("Admin user")).ToHaveValueAsync(TestApp.AdminUser);
        await Expect(console.Page.Locator("#settings-client-secret")).Not.ToBeEmptyAsync();
        await console.ScreenshotAsync("settings");
        await console.Page.Locator("#password-current").FillAsync(app.AdminPassword);
        await console.Page.Locator("#password-new").FillAsync(newPassword);
        await console.Page.Locator("#password-repeat").FillAsync(newPassword);
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(console.Page.Locator("#notices")).ToContainTextAsync("sign in again");
        await console.ScreenshotAsync("settings");

        using var old = await app.Admin.GetAsync("manage/api/devices");
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        using var signedIn = new HttpClient { BaseAddress = app.BaseAddress };
        signedIn.DefaultRequestHeaders.Authorization = TestApp.BasicAuth(TestApp.AdminUser, newPassword);
        using var fresh = await signedIn.GetAsync("manage/api/devices");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        // Nothing on the page ever shows a password or its hash.
        var text = await console.Page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain(newPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain(app.AdminPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", text, StringComparison.OrdinalIgnoreCase);
        console.AssertNoProblems();
    }

    [Fact]
    public async Task A_wrong_current_password_changes_nothing_and_says_why()
    {
        await using var app = await TestApp.StartAsync();
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "password-refused");

        await console.GoToAsync("settings");
        await Expect(console.Page.GetByLabel("Admin user")).ToHaveValueAsync(TestApp.AdminUser);
        await console.Page.Locator("#password-current").FillAsync("not-the-password");
        await console.Page.Locator("#password-new").FillAsync("something-long-enough");
        await console.Page.Locator("#password-repeat").FillAsync("something-long-enough");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(console.Page.Locator("#notices .notice.error")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator("#notices")).Not.ToContainTextAsync("sign in again");
        await console.ScreenshotAsync("settings");

        using var still = await app.Admin.GetAsync("manage/api/devices");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        console.AssertNoProblems();
    }

    [Fact]
    public async Task Settings_saved_in_the_page_take_effect_and_a_regenerated_secret_replaces_the_old_one()
    {
        await using var app = await TestApp.StartAsync();
        var oldSecret = (await app.Services.GetConfigAsync()).ClientSecret;
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "settings-saved");

        await console.GoToAsync("settings");
        await Expect(console.Page.Locator("#settings-client-secret")).ToHaveTextAsync(oldSecret);
        var form = console.Page.Locator("#settings-form");
        await form.GetByLabel("Allowed file endings").FillAsync("csv, .MKV");
        await form.GetByLabel("Maximum upload size").FillAsync("2");

        // The microphone options start as the privacy defaults; the page turns them off.
        await Expect(form.GetByLabel("Hide them")).ToBeCheckedAsync();
        await Expect(form.GetByLabel("Rename them")).ToBeCheckedAsync();
        await Expect(form.GetByLabel("Pack them")).Not.ToBeCheckedAsync();
        await Expect(form.Locator("fieldset")).ToContainTextAsync("can identify people");
        // Each option says what it does.
        await Expect(form.GetByLabel("leave them out of this page's file lists and downloads")).ToBeCheckedAsync();
        await Expect(form.GetByLabel("store new uploads under a stable pseudonym")).ToBeCheckedAsync();
        await Expect(form.GetByLabel("include them in the set's zip")).Not.ToBeCheckedAsync();
        await form.GetByLabel("Hide them").UncheckAsync();
        await form.GetByLabel("Pack them").CheckAsync();

        // Values and limits are the API's: the page has none of its own.
        var mostPending = form.GetByLabel("Most pending pairing requests", new() { Exact = true });
        await Expect(mostPending).ToHaveValueAsync("200");
        await Expect(mostPending).ToHaveAttributeAsync("max", "1000");
        await Expect(form.GetByLabel("Most pending pairing requests from one address")).ToHaveValueAsync("50");
        await Expect(form.GetByLabel("Tags for sets")).ToHaveValueAsync("no data, test, exclude");
        await Expect(form.GetByLabel("Days without an upload")).ToHaveValueAsync("2");
        await mostPending.FillAsync("120");
        await form.GetByLabel("Most pending pairing requests from one address").FillAsync("40");
        await form.GetByLabel("Tags that leave a set out").FillAsync("exclude, pilot");
        await form.GetByLabel("Days without an upload").FillAsync("5");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(console.Page.Locator("#notices")).ToContainTextAsync("Settings saved.");

        var saved = await app.GetJsonAsync("manage/api/settings");
        Assert.Equal(["csv", "mkv"], saved.GetProperty("allowedEndings").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(2 * 1024 * 1024, saved.GetProperty("maxUploadBytes").GetInt64());
        Assert.False(saved.GetProperty("hideMicFiles").GetBoolean());
        Assert.True(saved.GetProperty("renameMicFiles").GetBoolean());
        Assert.True(saved.GetProperty("packMicFiles").GetBoolean());
        Assert.Equal(120, saved.GetProperty("maxPendingPairingRequests").GetInt32());
        Assert.Equal(40, saved.GetProperty("maxPendingPairingRequestsPerSource").GetInt32());
        Assert.Equal(["exclude", "pilot"], saved.GetProperty("excludingSetTags").EnumerateArray().Select(t => t.GetString()!));
        Assert.Equal(5, saved.GetProperty("silentDays").GetInt32());

        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Regenerate the client secret" }).ClickAsync();
        await Expect(console.Page.Locator("#notices")).ToContainTextAsync("A new client secret is in place.");
        var newSecret = (await app.Services.GetConfigAsync()).ClientSecret;
        Assert.NotEqual(oldSecret, newSecret);
        await Expect(console.Page.Locator("#settings-client-secret")).ToHaveTextAsync(newSecret);
        await console.ScreenshotAsync("settings");
        Assert.Contains(console.Dialogs, d => d.StartsWith("confirm:", StringComparison.Ordinal) && d.Contains("pair again", StringComparison.Ordinal));

        var legacy = SimulatedWatch.Of2021(app);
        legacy.Token = oldSecret;
        using var refused = await legacy.UploadAsync(Guid.NewGuid().ToString(), "battery_0.csv", "x"u8.ToArray());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        console.AssertNoProblems();
    }

    [Fact]
    public async Task With_a_broken_configuration_document_the_page_says_so_and_saving_changes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        await app.Services.GetConfigAsync();
        var document = app.Containers.Config.GetBlobClient(ConfigStore.DocumentName);
        await document.UploadAsync(BinaryData.FromString("hide_mic_files: maybe\n"), overwrite: true);
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "settings-broken");

        // The app notices the broken document at its next read of the settings.
        await Eventually.UntilAsync(
            "the broken document being noticed", async () => (await app.GetJsonAsync("manage/api/settings")).GetProperty("documentIsBroken").GetBoolean());
        await console.GoToAsync("settings");
        await Expect(console.Page.Locator("#settings-broken")).ToBeVisibleAsync();
        await Expect(console.Page.Locator("#settings-broken")).ToContainTextAsync("last good settings");
        await console.Page.GetByLabel("Hide them").UncheckAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();

        await Expect(console.Page.Locator("#notices .notice.error")).ToContainTextAsync("'hide_mic_files' must be true or false");
        await console.ScreenshotAsync("settings");
        Assert.Equal("hide_mic_files: maybe\n", (await document.DownloadContentAsync()).Value.Content.ToString());
        console.AssertNoProblems();
    }
}
