using Microsoft.Playwright;

namespace RecordingFunctions.Tests.Browser;

/// <summary>
/// The admin console open in a fresh browser context signed in as the test app's admin. It records every dialog
/// (accepting confirms), uncaught script errors and Content-Security-Policy violations, and saves a screenshot of
/// each view a journey passes through to <c>test-output/screenshots/&lt;journey&gt;-&lt;n&gt;-&lt;view&gt;.png</c>.
/// </summary>
public sealed class ConsoleSession : IAsyncDisposable
{
    public static readonly ViewportSize Laptop = new() { Width = 1280, Height = 800 };

    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly IBrowserContext _context;

    private readonly string _journey;

    private int _screenshots;

    private ConsoleSession(IBrowserContext context, IPage page, string journey)
    {
        _context = context;
        _journey = journey;
        Page = page;
        page.Dialog += async (_, dialog) =>
        {
            lock (Dialogs)
            {
                Dialogs.Add($"{dialog.Type}: {dialog.Message}");
            }

            await dialog.AcceptAsync();
        };
        page.PageError += (_, error) =>
        {
            lock (Problems)
            {
                Problems.Add($"uncaught: {error}");
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (Problems)
                {
                    Problems.Add($"CSP: {message.Text}");
                }
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Every dialog the page opened, as "type: message".</summary>
    public List<string> Dialogs { get; } = [];

    /// <summary>Uncaught errors and CSP violations; a journey ends with none.</summary>
    public List<string> Problems { get; } = [];

    public static async Task<ConsoleSession> OpenAsync(ChromiumFixture chromium, TestApp app, string journey, ViewportSize? viewport = null, string? password = null)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            HttpCredentials = new HttpCredentials { Username = TestApp.AdminUser, Password = password ?? app.AdminPassword },
            ViewportSize = viewport ?? Laptop,
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        return new ConsoleSession(context, page, journey);
    }

    /// <summary>Opens a view by its hash (e.g. <c>devices</c>, <c>set/&lt;uuid&gt;</c>).</summary>
    public async Task GoToAsync(string hash)
    {
        if (Uri.TryCreate(Page.Url, UriKind.Absolute, out var url) && url.AbsolutePath.EndsWith("/manage", StringComparison.Ordinal))
        {
            await Page.EvaluateAsync("hash => { location.hash = hash; }", "#" + hash);
        }
        else
        {
            await Page.GotoAsync("manage#" + hash);
        }
    }

    public async Task ScreenshotAsync(string view)
    {
        var folder = Path.Combine(Repository.Root, "test-output", "screenshots");
        Directory.CreateDirectory(folder);
        var name = $"{_journey}-{++_screenshots}-{view.Replace('/', '_')}.png";
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = true });
    }

    /// <summary>Ends the journey: no uncaught error, no CSP violation.</summary>
    public void AssertNoProblems()
    {
        lock (Problems)
        {
            Assert.Empty(Problems);
        }
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
