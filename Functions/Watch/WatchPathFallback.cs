using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RecordingFunctions.Http;

namespace RecordingFunctions.Watch;

/// <summary>
/// Watches from 2022 on ship a server name ending in '/', so their requests arrive as <c>//tokenauth/request/</c>,
/// which no literal route matches. This lowest-precedence route collapses repeated slashes and answers as the watch
/// endpoint would. Its constraint leaves the host's reserved <c>admin</c> and <c>runtime</c> paths alone.
/// </summary>
public sealed class WatchPathFallback(PairingFunctions pairing, UploadFunctions uploads, ModelFunctions models)
{
    public const string Route = "{*path:regex(^(?!(admin|runtime)(/|$)).*$)}";

    [Function("WatchPathFallback")]
    public Task<IActionResult> Dispatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var path = string.Join('/', request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        var isGet = HttpMethods.IsGet(request.Method);
        return (path, isGet) switch
        {
            ("tokenauth/request", true) or ("auth/request", true) => pairing.AnswerAsync(request, cancellationToken),
            ("recording/new", true) => uploads.NewRecordingSet(request, cancellationToken),
            ("recording/new", false) => uploads.UploadRecordingFile(request, cancellationToken),
            ("tfmodel/get/latest", true) => models.GetLatestModel(request, cancellationToken),
            ("tfmodel/get/settings", true) => models.GetLatestModelSettings(request, cancellationToken),
            ("tfmodel/check/latest", true) => models.CheckLatestModel(request, cancellationToken),
            _ => Task.FromResult<IActionResult>(ApiResults.Error(StatusCodes.Status404NotFound, $"no such endpoint: {request.Method} /{path}")),
        };
    }
}
