using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;
using RecordingFunctions.Configuration;
using RecordingFunctions.Http;
using RecordingFunctions.Storage;
using RecordingFunctions.Watch;

namespace RecordingFunctions.Manage;

/// <summary>Detection models: add one with its settings, list them, activate one, download or delete.</summary>
public sealed class ModelManagementFunctions(AdminRequest admin, ModelStore models, ConfigStore config)
{
    [Function("AddModel")]
    public Task<IActionResult> AddModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/models")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
            var settings = await config.GetAsync(cancellationToken);
            var upload = await ReadModelUploadAsync(request, settings.MaxUploadBytes, cancellationToken);
            await using (upload.ModelFile)
            {
                if (upload.Error is { } error)
                {
                    return ApiResults.Error(StatusCodes.Status400BadRequest, error);
                }

                var model = await models.AddAsync(upload.FileName!, upload.ModelFile!, upload.SettingsJson!, settings.MaxUploadBytes, cancellationToken);
                await context.AuditAsync("model added", model.FileName);
                return ApiResults.Json(ModelJson(model), StatusCodes.Status201Created);
            }
        }, cancellationToken);

    [Function("ListModels")]
    public Task<IActionResult> ListModels(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/models")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async _ => ApiResults.Json((await models.ListAsync(cancellationToken)).Select(ModelJson)), cancellationToken);

    [Function("ActivateModel")]
    public Task<IActionResult> ActivateModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/models/{name}/activate")] HttpRequest request,
        string name,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
            switch (await models.ActivateAsync(name, cancellationToken))
            {
                case ModelActivation.NotFound:
                    return ApiResults.Error(StatusCodes.Status404NotFound, "no such model");
                case ModelActivation.NotLoadableByWatches:
                    return ApiResults.Error(StatusCodes.Status409Conflict, "watches load only .tflite and .ort models; this one is kept for the study but cannot be served");
            }

            await context.AuditAsync("model activated", name);
            return ApiResults.Json(new { status = "active", name });
        }, cancellationToken);

    [Function("DeleteModel")]
    public Task<IActionResult> DeleteModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/api/models/{name}")] HttpRequest request,
        string name,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
            switch (await models.DeleteAsync(name, cancellationToken))
            {
                case ModelDeletion.NotFound:
                    return ApiResults.Error(StatusCodes.Status404NotFound, "no such model");
                case ModelDeletion.IsActive:
                    return ApiResults.Error(StatusCodes.Status409Conflict, "the active model cannot be deleted while other models exist; activate another one first");
                case ModelDeletion.ActiveChanged:
                    return ApiResults.Error(StatusCodes.Status409Conflict, "the active model changed meanwhile; nothing was deleted, look again");
                default:
                    await context.AuditAsync("model deleted", name);
                    return ApiResults.Json(new { status = "deleted", name });
            }
        }, cancellationToken);

    [Function("DownloadModel")]
    public Task<IActionResult> DownloadModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/models/{name}/file")] HttpRequest request,
        string name,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
            if (await models.GetAsync(name, cancellationToken) is not { } model)
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, "no such model");
            }

            await context.AuditAsync("model downloaded", model.FileName);
            Attachment.Name(request.HttpContext.Response, model.FileName);
            return new FileStreamResult(await models.OpenModelAsync(model, cancellationToken), "application/octet-stream");
        }, cancellationToken);

    [Function("DownloadModelSettings")]
    public Task<IActionResult> DownloadModelSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/models/{name}/settings")] HttpRequest request,
        string name,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async _ =>
        {
            if (await models.GetAsync(name, cancellationToken) is not { } model)
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, "no such model");
            }

            Attachment.Name(request.HttpContext.Response, model.SettingsFileName);
            return new FileContentResult(Encoding.UTF8.GetBytes(model.Settings), "application/json");
        }, cancellationToken);

    private static object ModelJson(ModelInfo model)
    {
        var missing = ModelSettings.MissingForApril2021Builds(model.Settings);
        return new
        {
            name = model.Name,
            fileName = model.FileName,
            size = model.Size,
            uploadedAt = model.UploadedAt,
            active = model.Active,
            loadableByWatches = model.LoadableByWatches,
            settings = System.Text.Json.JsonDocument.Parse(model.Settings).RootElement,
            missingKeys = missing,
            notice = ModelSettings.April2021Notice(missing),
        };
    }

    /// <summary>
    /// Reads the parts <c>model</c> (a file) and <c>settings</c> (JSON) in either order. The model goes to a temporary
    /// file that deletes itself, so that nothing is stored unless both parts are valid and memory stays flat.
    /// </summary>
    private static async Task<ModelUpload> ReadModelUploadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (MultipartUpload.ReaderFor(request) is not { } reader)
        {
            return ModelUpload.Failed("the body must be multipart/form-data with the parts 'model' and 'settings'");
        }

        FileStream? modelFile = null;
        string? fileName = null;
        string? settingsText = null;
        try
        {
            while (await MultipartUpload.ReadSectionAsync(reader, cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                switch (HeaderUtilities.RemoveQuotes(disposition.Name).Value)
                {
                    case "model":
                        fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                        modelFile?.Dispose();
                        modelFile = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                        await section.Body.CopyToAsync(modelFile, cancellationToken);
                        if (modelFile.Length > maxBytes)
                        {
                            return ModelUpload.Failed($"the model is larger than the maximum upload size of {maxBytes} bytes", modelFile);
                        }

                        modelFile.Position = 0;
                        break;
                    case "settings":
                        using (var text = new StreamReader(section.Body, Encoding.UTF8))
                        {
                            settingsText = await text.ReadToEndAsync(cancellationToken);
                        }

                        break;
                }
            }
        }
        catch (MalformedPartHeadersException e)
        {
            return ModelUpload.Failed(e.Message, modelFile);
        }

        if (modelFile is null || string.IsNullOrWhiteSpace(fileName))
        {
            return ModelUpload.Failed("the part 'model' with a file name is missing", modelFile);
        }

        var (safeName, nameError) = UploadFileName.Sanitize(fileName);
        if ((safeName is null ? null : ModelFileName.Parse(safeName)) is not { } modelName)
        {
            return ModelUpload.Failed(nameError ?? ModelFileName.Rule, modelFile);
        }

        if (settingsText is null)
        {
            return ModelUpload.Failed("the part 'settings' is missing", modelFile);
        }

        var (settingsJson, settingsError) = ModelSettings.Validate(settingsText);
        return settingsJson is null
            ? ModelUpload.Failed(settingsError!, modelFile)
            : new ModelUpload(modelName, modelFile, settingsJson, null);
    }

    private sealed record ModelUpload(ModelFileName? FileName, FileStream? ModelFile, string? SettingsJson, string? Error)
    {
        public static ModelUpload Failed(string error, FileStream? modelFile = null) => new(null, modelFile, null, error);
    }
}
