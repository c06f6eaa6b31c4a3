using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using RecordingFunctions.Http;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Manage;

/// <summary>For uptime checks: 200 when storage answers, 503 when it does not. No authentication, no details.</summary>
public sealed class HealthFunctions(StorageInitializer storage, BlobContainers containers, StorageTables tables, ILogger<HealthFunctions> logger)
{
    /// <summary>Uptime monitors give up after about ten seconds; the SDK's retries would take longer.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Function("Health")]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        _ = request;
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            await storage.EnsureCreatedAsync(patience.Token);
            await containers.Config.ExistsAsync(patience.Token);
            await tables.Pairing.QueryAsync<TableEntity>(maxPerPage: 1, cancellationToken: patience.Token)
                .AsPages(pageSizeHint: 1).GetAsyncEnumerator(patience.Token).MoveNextAsync();
            return ApiResults.Json(new { status = "ok" });
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(e, "Health check: storage did not answer");
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "storage is not reachable");
        }
    }
}
