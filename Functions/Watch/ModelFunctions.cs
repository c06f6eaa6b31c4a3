using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RecordingFunctions.Http;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Watch;

/// <summary>
/// The detection model, protocol section 4. No authentication; <c>?androidid=</c> is accepted and every device gets
/// the active model.
/// </summary>
public sealed class ModelFunctions(ModelStore models)
{
    [Function("GetLatestModel")]
    public async Task<IActionResult> GetLatestModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tfmodel/get/latest")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await models.GetActiveAsync(cancellationToken) is not { } model)
        {
            return NoModel();
        }

        Attachment.Name(request.HttpContext.Response, model.FileName);
        return new FileStreamResult(await models.OpenModelAsync(model, cancellationToken), "application/octet-stream");
    }

    [Function("GetLatestModelSettings")]
    public async Task<IActionResult> GetLatestModelSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tfmodel/get/settings")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await models.GetActiveAsync(cancellationToken) is not { } model)
        {
            return NoModel();
        }

        Attachment.Name(request.HttpContext.Response, model.SettingsFileName);
        return new FileContentResult(Encoding.UTF8.GetBytes(model.Settings), "application/json");
    }

    [Function("CheckLatestModel")]
    public async Task<IActionResult> CheckLatestModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tfmodel/check/latest")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        _ = request;
        return await models.GetActiveAsync(cancellationToken) is { } model
            ? ApiResults.Json(new { activeModel = model.FileName })
            : NoModel();
    }

    private static JsonResult NoModel() => ApiResults.Error(StatusCodes.Status404NotFound, "no model has been added yet");
}
