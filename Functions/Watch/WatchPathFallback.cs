using System.Collections.Frozen;

namespace RecordingFunctions.Watch;

/// <summary>
/// Watches from 2022 on ship a server name ending in '/', so their requests arrive as <c>//tokenauth/request/</c>,
/// which no literal route matches. This lowest-precedence route collapses repeated slashes and answers as the watch
/// endpoint would. Its constraint leaves the host's reserved <c>admin</c> and <c>runtime</c> paths alone. It takes
/// every method the app's routes use, and HEAD and OPTIONS (what probes and browsers send), so that a path or method
/// no function serves gets a JSON 404 or 405 from the app rather than an empty one from the host's routing.
/// </summary>
public sealed class WatchPathFallback(PairingFunctions pairing, UploadFunctions uploads, ModelFunctions models)
{
    public const string Route = "{*path:regex(^(?!(admin|runtime)(/|$)).*$)}";

    /// <summary>The watch paths dispatched below and the methods each answers.</summary>
    private static readonly FrozenDictionary<string, string> WatchPathMethods = new Dictionary<string, string>
    {
        ["tokenauth/request"] = "GET",
        ["auth/request"] = "GET",
        ["recording/new"] = "GET, POST",
        ["tfmodel/get/latest"] = "GET",
        ["tfmodel/get/settings"] = "GET",
        ["tfmodel/check/latest"] = "GET",
    }.ToFrozenDictionary();

    [Function("WatchPathFallback")]
    public Task<IActionResult> Dispatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", "patch", "head", "options", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var path = string.Join('/', request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        var method = request.Method.ToUpperInvariant();
        return (path, method) switch
        {
            ("tokenauth/request", "GET") or ("auth/request", "GET") => pairing.AnswerAsync(request, cancellationToken),
            ("recording/new", "GET") => uploads.NewRecordingSet(request, cancellationToken),
            ("recording/new", "POST") => uploads.UploadRecordingFile(request, cancellationToken),
            ("tfmodel/get/latest", "GET") => models.GetLatestModel(request, cancellationToken),
            ("tfmodel/get/settings", "GET") => models.GetLatestModelSettings(request, cancellationToken),
            ("tfmodel/check/latest", "GET") => models.CheckLatestModel(request, cancellationToken),
            _ when WatchPathMethods.TryGetValue(path, out var allowed) => Task.FromResult<IActionResult>(MethodNotAllowed(request, path, allowed)),
            _ => Task.FromResult<IActionResult>(ApiResults.Error(StatusCodes.Status404NotFound, $"no such endpoint: {request.Method} /{path}")),
        };
    }

    private static JsonResult MethodNotAllowed(HttpRequest request, string path, string allowed)
    {
        request.HttpContext.Response.Headers.Allow = allowed;
        return ApiResults.Error(StatusCodes.Status405MethodNotAllowed, $"/{path} answers {allowed}, not {request.Method}");
    }
}
