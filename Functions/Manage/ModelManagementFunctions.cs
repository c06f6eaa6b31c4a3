namespace RecordingFunctions.Manage;

/// <summary>Detection models: add one with its settings, list them with the participants given each, activate one, download or delete.</summary>
[AdminOnly]
public sealed class ModelManagementFunctions(ModelStore models, ModelAssignments assignments, ConfigStore config, BlobDownloads downloads)
{
    [Function("AddModel")]
    public async Task<IActionResult> AddModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/models")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var admin = SignedInAdmin.Of(request);
        var settings = await config.GetAsync(cancellationToken);
        var upload = await ModelUpload.ReadAsync(request, settings.MaxUploadBytes, cancellationToken);
        await using (upload.ModelFile)
        {
            if (upload.Error is { } error)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, error);
            }

            var (model, refusal) = await assignments.AddToLibraryAsync(
                upload.FileName!, upload.ModelFile!, upload.SettingsJson!, settings.MaxUploadBytes, cancellationToken);
            if (model is null)
            {
                return ApiResults.Error(StatusCodes.Status409Conflict, refusal!);
            }

            await admin.AuditAsync("model added", model.FileName);
            return ApiResults.Json(ModelJson.Of(model, await assignments.UsersOfAsync(model.Name, cancellationToken)), StatusCodes.Status201Created);
        }
    }

    [Function("ListModels")]
    public async Task<IActionResult> ListModels(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/models")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var users = await assignments.UsersByModelAsync(cancellationToken);
        return ApiResults.Json((await models.ListAsync(cancellationToken)).Select(model => ModelJson.Of(model, users[model.Name])));
    }

    [Function("ActivateModel")]
    public async Task<IActionResult> ActivateModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/models/{name}/activate")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
    {
        var admin = SignedInAdmin.Of(request);
        switch (await models.ActivateAsync(name, cancellationToken))
        {
            case ModelActivation.NotFound:
                return ApiResults.Error(StatusCodes.Status404NotFound, "no such model");
            case ModelActivation.NotLoadableByWatches:
                return ApiResults.Error(StatusCodes.Status409Conflict, "watches load only .tflite and .ort models; this one is kept for the study but cannot be served");
        }

        await admin.AuditAsync("model activated", name);
        return ApiResults.Json(new { status = "active", name });
    }

    [Function("DeleteModel")]
    public async Task<IActionResult> DeleteModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/api/models/{name}")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
    {
        var admin = SignedInAdmin.Of(request);
        var (result, usedBy) = await assignments.DeleteFromLibraryAsync(name, cancellationToken);
        switch (result)
        {
            case ModelDeletion.NotFound:
                return ApiResults.Error(StatusCodes.Status404NotFound, "no such model");
            case ModelDeletion.InUse:
                return ApiResults.Error(
                    StatusCodes.Status409Conflict,
                    $"the model is given to the participants {string.Join(", ", usedBy)}; give them another model or the default first");
            case ModelDeletion.IsActive:
                return ApiResults.Error(StatusCodes.Status409Conflict, "the active model cannot be deleted while other models exist; activate another one first");
            case ModelDeletion.ActiveChanged:
                return ApiResults.Error(StatusCodes.Status409Conflict, "the active model changed meanwhile; nothing was deleted, look again");
            default:
                await admin.AuditAsync("model deleted", name);
                return ApiResults.Json(new { status = "deleted", name });
        }
    }

    [Function("DownloadModel")]
    public async Task<IActionResult> DownloadModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/models/{name}/file")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
    {
        var admin = SignedInAdmin.Of(request);
        if (await models.GetAsync(name, cancellationToken) is not { } model)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, "no such model");
        }

        await admin.AuditAsync("model downloaded", model.FileName);
        return await downloads.AnswerAsync(
            request.HttpContext.Response, models.FileOf(model), model.Size, model.FileName, "application/octet-stream", cancellationToken);
    }

    [Function("DownloadModelSettings")]
    public async Task<IActionResult> DownloadModelSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/models/{name}/settings")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
    {
        if (await models.GetAsync(name, cancellationToken) is not { } model)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, "no such model");
        }

        Attachment.Name(request.HttpContext.Response, model.SettingsFileName);
        return new FileContentResult(Encoding.UTF8.GetBytes(model.Settings), "application/json");
    }
}
