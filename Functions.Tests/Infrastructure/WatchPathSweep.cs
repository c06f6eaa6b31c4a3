namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// Every watch path as a watch may send it (protocol: with and without the trailing slash, a server name ending in '/'
/// and so a doubled slash), by GET and POST, sent without following redirects: OkHttp turns a redirected POST into a
/// GET, which <c>recording/new/</c> answers 200, and the watch would delete the file it never uploaded.
/// </summary>
public static class WatchPathSweep
{
    private static readonly string[] Endpoints =
    [
        "tokenauth/request", "auth/request", "recording/new", "tfmodel/get/latest", "tfmodel/get/settings", "tfmodel/check/latest",
    ];

    private static readonly HttpMethod[] Methods = [HttpMethod.Get, HttpMethod.Post];

    /// <summary>The paths, relative to the host's root, each starting with '/'.</summary>
    public static IEnumerable<string> Paths => Endpoints.SelectMany(Variants);

    /// <returns>Every request that was answered with a 3xx, as "METHOD path -> status Location".</returns>
    public static async Task<IReadOnlyList<string>> RedirectedAsync(IRunningApp app)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMinutes(1) };
        var root = app.BaseAddress.GetLeftPart(UriPartial.Authority);
        var redirected = new List<string>();
        foreach (var path in Paths)
        {
            foreach (var method in Methods)
            {
                using var request = new HttpRequestMessage(method, new Uri(root + path + Query(path)));
                if (method == HttpMethod.Post)
                {
                    request.Content = new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", "probe.csv" } };
                }

                using var response = await client.SendAsync(request);
                if ((int)response.StatusCode is >= 300 and < 400)
                {
                    redirected.Add($"{method} {path} -> {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }

        return redirected;
    }

    /// <summary>A server name ending in '/' doubles the first slash; the others are what a typo or a proxy may make.</summary>
    private static IEnumerable<string> Variants(string endpoint)
    {
        var inner = endpoint.Replace("/", "//", StringComparison.Ordinal);
        return [
            $"/{endpoint}/", $"/{endpoint}", $"/{endpoint}//", $"/{inner}/", $"/{endpoint.ToUpperInvariant()}/",
            $"//{endpoint}/", $"//{endpoint}", $"///{endpoint}/",
        ];
    }

    private static string Query(string path) => path.Contains("request", StringComparison.OrdinalIgnoreCase)
        ? "?identifier=probe"
        : path.Contains("recording", StringComparison.OrdinalIgnoreCase) ? $"?uuid={Guid.NewGuid():D}" : "?androidid=probe";
}
