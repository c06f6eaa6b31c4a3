using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using RecordingFunctions.Http;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Manage;

/// <summary>For uptime checks: 200 when storage answers, 503 when it does not. No authentication, no details.</summary>
public sealed class HealthFunctions(BlobContainers containers, StorageTables tables, ILogger<HealthFunctions> logger)
{
    [Function("Health")]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        _ = request;
        try
        {
            await containers.Config.GetPropertiesAsync(cancellationToken: cancellationToken);
            await tables.Pairing.QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, cancellationToken: cancellationToken)
                .AsPages(pageSizeHint: 1).GetAsyncEnumerator(cancellationToken).MoveNextAsync();
            return ApiResults.Json(new { status = "ok" });
        }
        catch (RequestFailedException e)
        {
            logger.LogWarning(e, "Health check: storage answered {Status}", e.Status);
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "storage is not reachable");
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "Health check: storage is not reachable");
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "storage is not reachable");
        }
    }
}
