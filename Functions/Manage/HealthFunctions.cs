namespace RecordingFunctions.Manage;

/// <summary>For uptime checks: 200 when storage answers, 503 when it does not. No authentication, no details.</summary>
public sealed class HealthFunctions(StorageProbe storage)
{
    [Function("Health")]
    [ChecksStorageItself]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await storage.AnswersAsync(cancellationToken)
            ? ApiResults.Json(new { status = "ok" })
            : ApiResults.Error(StatusCodes.Status503ServiceUnavailable, StorageOutage.Message);
    }
}
