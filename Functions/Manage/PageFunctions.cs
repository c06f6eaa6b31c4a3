using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace RecordingFunctions.Manage;

/// <summary>
/// The admin console: one HTML page and its scripts and styles, embedded in the assembly (Manage/wwwroot), served
/// behind the admin's Basic auth so that a browser shows its sign-in dialog. Page loads are not audited: the page
/// itself changes nothing, and each change it makes through the API is audited there.
/// </summary>
public sealed class PageFunctions
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private const string IndexFile = "index.html";

    private static readonly FrozenDictionary<string, EmbeddedFile> Files = LoadFiles();

    /// <summary>
    /// The site's root leads to the page. A route of its own: the watch fallback's catch-all never sees the empty
    /// path, because its regex constraint refuses a missing value. On Azure the host's own home page must be
    /// switched off (<c>AzureWebJobsDisableHomepage=true</c>) for this route to answer.
    /// </summary>
    [Function("ManageRoot")]
    public static Task<IActionResult> Root(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{root:maxlength(0)?}")] HttpRequest request) =>
        Task.FromResult<IActionResult>(new RedirectResult(request.PathBase + request.Path.Value!.TrimEnd('/') + "/manage"));

    [Function("ManagePage")]
    [AdminPage(CacheControl = "no-store")]
    public static Task<IActionResult> Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage")] HttpRequest request)
    {
        // The page addresses its assets and the API relative to itself, which only works without a trailing slash.
        var path = request.Path.Value ?? "";
        if (path.EndsWith('/'))
        {
            return Task.FromResult<IActionResult>(new RedirectResult(request.PathBase + path.TrimEnd('/') + request.QueryString));
        }

        var page = Files[IndexFile];
        return Task.FromResult<IActionResult>(new FileContentResult(page.Content, page.ContentType));
    }

    [Function("ManagePageAsset")]
    [AdminPage]
    public static Task<IActionResult> Asset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/assets/{file}")] HttpRequest request,
        string file)
    {
        if (file == IndexFile || !Files.TryGetValue(file, out var asset))
        {
            return Task.FromResult<IActionResult>(ApiResults.Error(StatusCodes.Status404NotFound, "no such asset"));
        }

        // Revalidated on every load (the names carry no version), answered 304 while the ETag matches.
        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        return Task.FromResult<IActionResult>(new FileContentResult(asset.Content, asset.ContentType) { EntityTag = asset.ETag });
    }

    private static FrozenDictionary<string, EmbeddedFile> LoadFiles()
    {
        // Functions.csproj embeds Manage/wwwroot/** flat under this prefix, vendor files included.
        const string prefix = "RecordingFunctions.Manage.wwwroot.";
        var assembly = typeof(PageFunctions).Assembly;
        var files = new Dictionary<string, EmbeddedFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource[prefix.Length..];
            var content = copy.ToArray();
            var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
            files[name] = new EmbeddedFile(content, ContentTypeOf(name), etag);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        var other => throw new InvalidOperationException($"Manage/wwwroot holds {name}, whose type {other} the page does not serve."),
    };

    private sealed record EmbeddedFile(byte[] Content, string ContentType, EntityTagHeaderValue ETag);

    /// <summary>The page and its assets are behind the admin gate, and every answer carries the security headers, a refusal too.</summary>
    private sealed class AdminPageAttribute : AdminOnlyAttribute
    {
        /// <summary>Set on every answer, a refusal too; unset, the function decides.</summary>
        public string? CacheControl { get; set; }

        public override void AddHeaders(HttpResponse response)
        {
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.XFrameOptions = "DENY";
            response.Headers["Referrer-Policy"] = "no-referrer";
            if (CacheControl is not null)
            {
                response.Headers.CacheControl = CacheControl;
            }
        }
    }
}
