using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace RecordingFunctions.Watch;

/// <summary>Recording sets, protocol sections 2 and 3: a uuid per set, then one upload per file.</summary>
public sealed class UploadFunctions(
    ConfigStore config, DeviceAuthenticator authenticator, SetIndex sets, RecordingStore recordings, ILogger<UploadFunctions> logger)
{
    [Function("NewRecordingSet")]
    public async Task<IActionResult> NewRecordingSet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "recording/new")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var settings = await config.GetAsync(cancellationToken);
        if (await authenticator.AuthenticateAsync(request.Headers.Authorization.ToString(), settings, cancellationToken) is not { } device)
        {
            return Unauthorized();
        }

        var setId = SetId.New();
        await sets.IssueAsync(setId, new DeviceUploader(device.Id, device.Identifier), cancellationToken);
        return ApiResults.Json(new { status = "success", uuid = setId });
    }

    [Function("UploadRecordingFile")]
    public async Task<IActionResult> UploadRecordingFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "recording/new")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var settings = await config.GetAsync(cancellationToken);
        if (await authenticator.AuthenticateAsync(request.Headers.Authorization.ToString(), settings, cancellationToken) is not { } device)
        {
            return Unauthorized();
        }

        if (!SetId.TryParse(request.Query["uuid"].ToString(), out var setId))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "the query parameter 'uuid' must be a uuid such as GET recording/new/ hands out");
        }

        if (request.ContentLength > settings.MaxUploadBytes + RequestLimits.MultipartOverhead)
        {
            return TooLarge(settings.MaxUploadBytes);
        }

        // Kestrel's default request body limit (about 30 MB) would cut long recordings short; the configured
        // maximum is enforced while streaming instead.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = settings.MaxUploadBytes + RequestLimits.MultipartOverhead;
        }

        try
        {
            var (section, error) = await MultipartUpload.FindFileAsync(request, cancellationToken);
            if (section is null)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, error!);
            }

            var (storedName, nameError) = UploadFileName.Sanitize(section.FileName.Text);
            if (storedName is null)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, nameError!);
            }

            if (!settings.AllowsEnding(UploadFileName.Ending(storedName)))
            {
                return ApiResults.Error(
                    StatusCodes.Status415UnsupportedMediaType,
                    $"files ending in '.{UploadFileName.Ending(storedName)}' are not accepted; allowed: {string.Join(", ", settings.AllowedEndings)}");
            }

            var isMicrophone = UploadFileName.IsMicrophoneFile(storedName);
            if (isMicrophone && settings.RenameMicFiles)
            {
                storedName = UploadFileName.MicrophonePseudonym(storedName, settings);
            }

            var file = new IncomingFile(setId, section.FileName.Original, storedName, isMicrophone, new DeviceUploader(device.Id, device.Identifier));
            var stored = await recordings.StoreAsync(file, section.Content, section.LengthAsLastPart, settings.MaxUploadBytes, cancellationToken);
            return ApiResults.Json(new { status = $"success, uploaded {stored}" });
        }
        catch (NameTakenMeanwhileException e)
        {
            // The watch keeps its file and sends it again; the next attempt sees the upload that won.
            logger.LogInformation("An upload into set {Set} from {Device} lost the race for {Blob} to another upload; answered 409", setId, device.Identifier, e.BlobName);
            return ApiResults.Error(
                StatusCodes.Status409Conflict,
                "another upload to this set took the file's name at the same moment; nothing was stored, send the file again");
        }
        catch (UploadTooLargeException)
        {
            return TooLarge(settings.MaxUploadBytes);
        }
        catch (MalformedPartHeadersException e)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, e.Message);
        }
        catch (UploadFramingException)
        {
            return ApiResults.Error(
                StatusCodes.Status400BadRequest,
                "the part 'file' must be the body's last part, followed only by the closing boundary line; nothing was stored");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(settings.MaxUploadBytes);
        }
        catch (Exception e) when (ConnectionLost(e, request) || IsIncompleteBody(e))
        {
            // Mostly a watch losing its connection (it keeps the file and sends it again): worth a warning, not a failure of the app.
            logger.LogWarning(
                "An upload into set {Set} from {Device} ended before the file was complete ({Reason}); nothing was stored",
                setId, device.Identifier, e.Message);
            if (ConnectionLost(e, request))
            {
                // Nobody is left to answer; without this the server would go on to drain a body that will never come.
                request.HttpContext.Abort();
                return new EmptyResult();
            }

            return ApiResults.Error(StatusCodes.Status400BadRequest, "the body ended before the file was complete; nothing was stored");
        }
    }

    /// <summary>The connection closed under the upload: reset, or aborted while storage was being written.</summary>
    private static bool ConnectionLost(Exception e, HttpRequest request) =>
        e is ConnectionResetException || (e is OperationCanceledException && request.HttpContext.RequestAborted.IsCancellationRequested);

    /// <summary>The body, or the multipart content in it, stopped before the file's closing boundary. Failures of storage are not among them.</summary>
    private static bool IsIncompleteBody(Exception e) =>
        e is BadHttpRequestException or EndOfStreamException
        || (e is IOException && e.Message.Contains("Unexpected end of Stream", StringComparison.OrdinalIgnoreCase));

    private static JsonResult Unauthorized() =>
        ApiResults.Error(StatusCodes.Status401Unauthorized, "a valid 'Authorization: Bearer <token>' header is required; pair the device first");

    private static JsonResult TooLarge(long maxBytes) =>
        ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"the file is larger than the maximum upload size of {maxBytes} bytes; nothing was stored");
}
