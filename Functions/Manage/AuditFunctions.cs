using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RecordingFunctions.Http;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Manage;

/// <summary>The audit log: every admin action and failed sign-in, newest first.</summary>
[AdminOnly]
public sealed class AuditFunctions(AuditLog audit)
{
    public const int MaxEntries = 1000;

    [Function("ListAuditLog")]
    public async Task<IActionResult> ListAuditLog(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/audit")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var limit = 200;
        if (request.Query.TryGetValue("limit", out var text) && (!int.TryParse(text, out limit) || limit is < 1 or > MaxEntries))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"limit must be a whole number from 1 to {MaxEntries}");
        }

        var entries = await audit.ListAsync(limit, request.Query["search"].ToString().Trim(), cancellationToken);
        return ApiResults.Json(entries.Select(e => new { at = e.At, action = e.Action, user = e.User, source = e.Source, detail = e.Detail }));
    }
}
