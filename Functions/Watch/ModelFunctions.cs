namespace RecordingFunctions.Watch;

/// <summary>
/// The detection model, protocol section 4. No authentication. Builds since 2022-04-18 send <c>?androidid=</c> on all
/// three calls; each answers for the same model (<see cref="ModelAssignments.ForWatchAsync"/>), so that
/// <c>check/latest</c> names the file <c>get/latest</c> sends that watch and it does not download again and again.
/// </summary>
public sealed class ModelFunctions(ModelAssignments assignments, ModelStore models)
{
    [Function("GetLatestModel")]
    public async Task<IActionResult> GetLatestModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tfmodel/get/latest")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await ModelForAsync(request, cancellationToken) is not { } model)
        {
            return NoModel();
        }

        // Streamed whatever its size: a watch cannot follow a redirect to a read link.
        Attachment.Name(request.HttpContext.Response, model.FileName);
        return await BlobDownloads.StreamAsync(request.HttpContext.Response, models.FileOf(model), "application/octet-stream", cancellationToken);
    }

    [Function("GetLatestModelSettings")]
    public async Task<IActionResult> GetLatestModelSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tfmodel/get/settings")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await ModelForAsync(request, cancellationToken) is not { } model)
        {
            return NoModel();
        }

        Attachment.Name(request.HttpContext.Response, model.SettingsFileName);
        return new FileContentResult(Encoding.UTF8.GetBytes(model.Settings), "application/json");
    }

    [Function("CheckLatestModel")]
    public async Task<IActionResult> CheckLatestModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tfmodel/check/latest")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await ModelForAsync(request, cancellationToken) is { } model
            ? ApiResults.Json(new { activeModel = model.FileName })
            : NoModel();

    private Task<ModelInfo?> ModelForAsync(HttpRequest request, CancellationToken cancellationToken) =>
        assignments.ForWatchAsync(request.Query["androidid"], cancellationToken);

    private static JsonResult NoModel() => ApiResults.Error(StatusCodes.Status404NotFound, "no model has been added yet");
}
