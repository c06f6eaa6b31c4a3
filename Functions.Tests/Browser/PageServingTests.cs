using System.Net.Http.Headers;
using RecordingFunctions.Manage;

namespace RecordingFunctions.Tests.Browser;

/// <summary>
/// How the console page and its assets are served: behind the admin's Basic auth, with strict headers. The tests share
/// one app, except the one whose wrong passwords count towards the sign-in cool-down.
/// </summary>
public sealed class PageServingTests(SharedTestApp shared) : IClassFixture<SharedTestApp>
{
    private TestApp App => shared.App;

    public static TheoryData<string, string> PageFiles => new()
    {
        { "manage", "text/html" },
        { "manage/assets/app.js", "text/javascript" },
        { "manage/assets/app.css", "text/css" },
        { "manage/assets/uPlot.iife.min.js", "text/javascript" },
        { "manage/assets/uPlot.min.css", "text/css" },
    };

    [Theory]
    [MemberData(nameof(PageFiles))]
    public async Task The_page_and_its_assets_carry_the_security_headers(string path, string mediaType)
    {
        using var response = await App.Admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PageFunctions.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal(path == "manage" ? "no-store" : "no-cache", Header(response, "Cache-Control"));
    }

    [Fact]
    public async Task The_content_security_policy_allows_no_inline_script_or_style()
    {
        Assert.Contains("script-src 'self';", PageFunctions.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", PageFunctions.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", PageFunctions.ContentSecurityPolicy, StringComparison.Ordinal);

        var html = await App.Admin.GetStringAsync("manage");
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(
            System.Text.RegularExpressions.Regex.Count(html, "<script"),
            System.Text.RegularExpressions.Regex.Count(html, "<script[^>]* src=\"manage/assets/[^\"]+\"[^>]*></script>"));
    }

    [Theory]
    [InlineData("manage")]
    [InlineData("manage/assets/app.js")]
    public async Task Without_the_right_password_the_page_answers_401_with_a_Basic_challenge(string path)
    {
        await using var app = await TestApp.StartAsync();
        using var stranger = new HttpClient { BaseAddress = app.BaseAddress };
        stranger.DefaultRequestHeaders.Authorization = TestApp.BasicAuth(TestApp.AdminUser, "not-the-password");

        using var wrong = await stranger.GetAsync(path);
        using var none = await app.Http.GetAsync(path);

        foreach (var response in new[] { wrong, none })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var challenge = Assert.Single(response.Headers.WwwAuthenticate);
            Assert.Equal("Basic", challenge.Scheme);
            Assert.Contains("realm=", challenge.Parameter, StringComparison.Ordinal);
            Assert.DoesNotContain("text/html", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_root_redirects_to_the_page()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = App.BaseAddress };

        using var response = await client.GetAsync("/");

        Assert.True(response.StatusCode is HttpStatusCode.Found or HttpStatusCode.MovedPermanently or HttpStatusCode.TemporaryRedirect);
        Assert.Equal("/manage", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_trailing_slash_redirects_to_the_page_so_that_its_relative_addresses_resolve()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = App.BaseAddress };
        client.DefaultRequestHeaders.Authorization = TestApp.BasicAuth(TestApp.AdminUser, App.AdminPassword);

        using var response = await client.GetAsync("manage/");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/manage", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("index.html")]
    [InlineData("nothing.js")]
    [InlineData("..%2Fapp.js")]
    public async Task Only_the_embedded_scripts_and_styles_are_assets(string file)
    {
        using var response = await App.Admin.GetAsync($"manage/assets/{file}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_unchanged_asset_is_answered_304_on_revalidation()
    {
        using var first = await App.Admin.GetAsync("manage/assets/app.js");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var again = new HttpRequestMessage(HttpMethod.Get, "manage/assets/app.js");
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag));
        using var response = await App.Admin.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Page_loads_are_not_audited()
    {
        (await App.Admin.GetAsync("manage")).Dispose();
        var before = await AuditRowsAsync(App);

        (await App.Admin.GetAsync("manage")).Dispose();
        (await App.Admin.GetAsync("manage/assets/app.js")).Dispose();

        Assert.Equal(before, await AuditRowsAsync(App));
    }

    [Theory]
    [InlineData("uPlot.iife.min.js")]
    [InlineData("uPlot.min.css")]
    public void The_embedded_chart_library_is_the_npm_package_pinned_in_package_json(string file)
    {
        var pinned = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "package.json")))
            .RootElement.GetProperty("dependencies").GetProperty("uplot").GetString();
        var installed = Path.Combine(Repository.Root, "node_modules", "uplot");
        Assert.True(Directory.Exists(installed), "node_modules/uplot is missing: run npm ci");
        var installedVersion = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(installed, "package.json")))
            .RootElement.GetProperty("version").GetString();

        Assert.Equal(pinned, installedVersion);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(installed, "dist", file)),
            File.ReadAllBytes(Path.Combine(Repository.Root, "Functions", "Manage", "wwwroot", "vendor", file)));
    }

    private static async Task<int> AuditRowsAsync(TestApp app)
    {
        var count = 0;
        await foreach (var _ in app.Tables.AuditLog.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            count++;
        }

        return count;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : "";
}
