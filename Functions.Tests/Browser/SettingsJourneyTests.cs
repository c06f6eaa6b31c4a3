using System.Net;
using Microsoft.Playwright;
using RecordingFunctions.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RecordingFunctions.Tests.Browser;

/// <summary>The admin's password changed in the page.</summary>
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
        await Expect(console.Page.Locator("#settings-user")).ToHaveValueAsync(TestApp.AdminUser);
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
        await Expect(console.Page.Locator("#settings-user")).ToHaveValueAsync(TestApp.AdminUser);
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
}
