using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RecordingFunctions.Http;
using RecordingFunctions.Security;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Watch;

/// <summary>Recording sets, protocol sections 2 and 3: a uuid per set, then one upload per file.</summary>
public sealed class UploadFunctions(ConfigStore config, DeviceAuthenticator authenticator, SetIndex sets, RecordingStore recordings)
{
    [Function("NewRecordingSet")]
    public async Task<IActionResult> NewRecordingSet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "recording/new")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var settings = await config.GetAsync(cancellationToken);
        if (await authenticator.AuthenticateAsync(request, settings, cancellationToken) is not { } device)
        {
            return Unauthorized();
        }

        var setId = Guid.NewGuid().ToString("D");
        await sets.IssueAsync(setId, device.Id, device.Identifier, cancellationToken);
        return ApiResults.Json(new { status = "success", uuid = setId });
    }

    [Function("UploadRecordingFile")]
    public async Task<IActionResult> UploadRecordingFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "recording/new")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var settings = await config.GetAsync(cancellationToken);
        if (await authenticator.AuthenticateAsync(request, settings, cancellationToken) is not { } device)
        {
            return Unauthorized();
        }

        if (!Guid.TryParseExact(request.Query["uuid"].ToString(), "D", out var setGuid))
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

            var (storedName, nameError) = UploadFileName.Sanitize(section.FileName);
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

            var setId = setGuid.ToString("D");
            var file = new IncomingFile(setId, section.FileName, storedName, isMicrophone, new DeviceUploader(device.Id, device.Identifier));
            await recordings.StoreAsync(file, section.Content, section.LengthAsLastPart, settings.MaxUploadBytes, cancellationToken);
            return ApiResults.Json(new { status = $"success, uploaded {storedName}" });
        }
        catch (UploadTooLargeException)
        {
            return TooLarge(settings.MaxUploadBytes);
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
        catch (IOException e) when (IsIncompleteBody(e))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "the multipart body ended before the file was complete; nothing was stored");
        }
    }

    private static bool IsIncompleteBody(IOException e) =>
        e.Message.Contains("Unexpected end of Stream", StringComparison.OrdinalIgnoreCase)
        || e is BadHttpRequestException or EndOfStreamException;

    private static JsonResult Unauthorized() =>
        ApiResults.Error(StatusCodes.Status401Unauthorized, "a valid 'Authorization: Bearer <token>' header is required; pair the device first");

    private static JsonResult TooLarge(long maxBytes) =>
        ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"the file is larger than the maximum upload size of {maxBytes} bytes; nothing was stored");
}
