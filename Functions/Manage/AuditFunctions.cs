namespace RecordingFunctions.Manage;

/// <summary>The audit log: every admin action and failed sign-in, newest first.</summary>
[AdminOnly]
public sealed class AuditFunctions(AuditLog audit)
{
    public const int DefaultEntries = 200;
    public const int MaxEntries = 1000;

    [Function("ListAuditLog")]
    public async Task<IActionResult> ListAuditLog(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/audit")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var query = new QueryParameters(request.Query);
        var limit = query.WholeNumber("limit", DefaultEntries, 1, MaxEntries);
        if (query.Problem is { } problem)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, problem);
        }

        var entries = await audit.ListAsync(limit, query.Text("search"), cancellationToken);
        return ApiResults.Json(entries.Select(e => new { at = e.At, action = e.Action, user = e.User, source = e.Source, detail = e.Detail }));
    }
}
