namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// Errors the app answers itself without a function failing, each sent as it would reach the app, for whichever host
/// serves it: every one carries the JSON error body (a HEAD answer has no body, but says it is JSON).
/// </summary>
public static class AppErrorAnswers
{
    public static TheoryData<string> Cases => new()
    {
        "PUT recording/new/", "DELETE recording/new/", "POST tokenauth/request/", "PATCH tfmodel/get/latest/", "OPTIONS recording/new/",
        "HEAD tokenauth/request/", "GET no/such/path", "PUT no/such/path", "DELETE manage/api/settings", "PATCH manage/api/recordings",
        "OPTIONS manage/api/settings", "HEAD no/such/path", "If-Match on the page's script",
    };

    public static async Task AssertJsonErrorAsync(IRunningApp app, string @case)
    {
        using var request = RequestFor(@case);
        using var response = await app.Admin.SendAsync(request);

        var (status, allowed) = Expected(@case);
        if (request.Method == HttpMethod.Head)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
        else
        {
            var message = await response.AssertJsonErrorAsync(status);
            if (status == HttpStatusCode.NotFound)
            {
                Assert.Contains("no such endpoint", message, StringComparison.Ordinal);
            }
        }

        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow));
    }

    private static HttpRequestMessage RequestFor(string @case)
    {
        if (@case == "If-Match on the page's script")
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "manage/assets/app.js");
            request.Headers.TryAddWithoutValidation("If-Match", "\"not-this-version\"");
            return request;
        }

        var (method, path) = (@case.Split(' ')[0], @case.Split(' ')[1]);
        return new HttpRequestMessage(new HttpMethod(method), path);
    }

    /// <summary>The status, and for a 405 the methods named in <c>Allow</c>.</summary>
    private static (HttpStatusCode Status, string Allowed) Expected(string @case) => @case switch
    {
        "PUT recording/new/" or "DELETE recording/new/" or "OPTIONS recording/new/" => (HttpStatusCode.MethodNotAllowed, "GET, POST"),
        "POST tokenauth/request/" or "PATCH tfmodel/get/latest/" or "HEAD tokenauth/request/" => (HttpStatusCode.MethodNotAllowed, "GET"),
        "If-Match on the page's script" => (HttpStatusCode.PreconditionFailed, ""),
        _ => (HttpStatusCode.NotFound, ""),
    };
}
