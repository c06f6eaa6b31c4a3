using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RecordingFunctions.Http;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Manage;

/// <summary>Recording sets as the admin sees them.</summary>
public sealed class RecordingManagementFunctions(AdminRequest admin, BlobContainers containers)
{
    [Function("DownloadSetArchive")]
    public Task<IActionResult> DownloadSetArchive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/recordings/{uuid}/zip")] HttpRequest request,
        string uuid,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
            if (!Guid.TryParseExact(uuid, "D", out var setGuid))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "not a set uuid");
            }

            var setId = setGuid.ToString("D");

            // One streaming GET passes bytes on as they arrive; OpenRead fetched 4 MiB ranges one after another and
            // sent each only once it was complete, so fetching and sending never overlapped.
            BlobDownloadStreamingResult archive;
            try
            {
                archive = (await containers.Archives.GetBlobClient($"{setId}.zip").DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, "this set has no archive (yet): it has no files, or its first file arrived moments ago");
            }

            await context.AuditAsync("zip downloaded", setId);
            request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{setId}.zip\"";
            request.HttpContext.Response.ContentLength = archive.Details.ContentLength;
            return new FileStreamResult(archive.Content, "application/zip");
        }, cancellationToken);
}
