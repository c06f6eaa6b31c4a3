using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using RecordingFunctions.Http;
using RecordingFunctions.Security;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Manage;

/// <summary>What every management function does first: check the admin; the action then notes what it did in the audit log.</summary>
public sealed class AdminRequest(AdminGate gate, AuditLog audit)
{
    /// <summary>Runs <paramref name="action"/> for a signed-in admin; otherwise answers with the refusal.</summary>
    public async Task<IActionResult> RunAsync(
        HttpRequest request, Func<AdminContext, Task<IActionResult>> action, CancellationToken cancellationToken)
    {
        var check = await gate.CheckAsync(request, cancellationToken);
        return check.Rejection ?? await action(new AdminContext(check.User!, RequestSource.Of(request), audit, cancellationToken));
    }
}

public sealed record AdminContext(string User, string Source, AuditLog Audit, CancellationToken CancellationToken)
{
    public Task AuditAsync(string action, string detail) => Audit.RecordAsync(action, User, Source, detail, CancellationToken);
}
