using System.Text.RegularExpressions;
using RecordingFunctions.DevHost;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// Every route of the page and the management API with every method it takes, read from the function attributes,
/// sent as a stranger would: whichever host serves the app, the admin gate answers before any function runs.
/// </summary>
public static partial class AdminRouteSweep
{
    /// <summary>Each management function's route with its route values filled in, and its methods.</summary>
    public static IEnumerable<(string Method, string Path, bool IsPage)> Requests =>
        FunctionRoutes.HttpFunctions(FunctionEndpoints.FunctionsAssembly)
            .Where(f => f.Route == "manage" || f.Route.StartsWith("manage/", StringComparison.Ordinal))
            .SelectMany(f => f.Methods.Select(method => (
                method.ToUpperInvariant(),
                RouteValue().Replace(f.Route, Guid.NewGuid().ToString("D")),
                !f.Route.StartsWith("manage/api/", StringComparison.Ordinal))));

    /// <returns>Every request the gate did not answer as expected: "METHOD path -> what came back".</returns>
    public static async Task<IReadOnlyList<string>> NotRefusedAsync(IRunningApp app)
    {
        using var stranger = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        var wrong = new List<string>();
        foreach (var (method, path, isPage) in Requests)
        {
            // With the page's header, so that a change is refused for want of credentials, not of the header.
            using var unsigned = new HttpRequestMessage(new HttpMethod(method), path) { Headers = { { "X-Requested-With", "tests" } } };
            using var answer = await stranger.SendAsync(unsigned);
            if (answer.StatusCode != HttpStatusCode.Unauthorized || answer.Headers.WwwAuthenticate.SingleOrDefault()?.Scheme != "Basic"
                || answer.Content.Headers.ContentType?.MediaType != "application/json"
                || (isPage && !answer.Headers.Contains("Content-Security-Policy")))
            {
                wrong.Add($"{method} {path} without credentials -> {(int)answer.StatusCode} {answer.Headers.WwwAuthenticate} {answer.Content.Headers.ContentType}");
            }

            if (method is "GET")
            {
                continue;
            }

            using var foreign = new HttpRequestMessage(new HttpMethod(method), path) { Headers = { { "Origin", "https://evil.example" } } };
            using var refused = await app.Admin.SendAsync(foreign);
            if (refused.StatusCode != HttpStatusCode.Forbidden || refused.Content.Headers.ContentType?.MediaType != "application/json")
            {
                wrong.Add($"{method} {path} from another origin -> {(int)refused.StatusCode}");
            }
        }

        return wrong;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();
}
