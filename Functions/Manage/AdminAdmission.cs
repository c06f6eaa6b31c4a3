using System.Reflection;
using Microsoft.Net.Http.Headers;

namespace RecordingFunctions.Manage;

/// <summary>
/// The admin gate in front of every function marked <see cref="AdminOnlyAttribute"/>, the one step both hosts run
/// before such a function (<see cref="AdminGateMiddleware"/> under the Functions host, the development host's
/// invoker): it answers the gate's refusal in place of the function, or lets the function run for the
/// <see cref="SignedInAdmin"/>.
/// </summary>
public sealed class AdminAdmission(AdminGate gate, AuditLog audit)
{
    public const string Realm = "RecordingFunctions";

    /// <returns>The answer that refuses the request instead of <paramref name="function"/>; null when the function may run.</returns>
    public async Task<IActionResult?> AdmitAsync(HttpContext http, MethodInfo function, CancellationToken cancellationToken)
    {
        if (AdminOnlyAttribute.Of(function) is not { } adminOnly)
        {
            return null;
        }

        adminOnly.AddHeaders(http.Response);
        var request = http.Request;
        var source = RequestSource.Of(request);
        var headers = request.Headers;
        var check = await gate.CheckAsync(
            new GatedRequest(
                request.Method, request.Path, request.Host.Value ?? "", source, headers.Authorization.ToString(),
                headers[AdminGate.RequestedWithHeader].ToString(), headers["Sec-Fetch-Site"].ToString(), headers.Origin.ToString()),
            cancellationToken);
        if (check.Refusal is { } refusal)
        {
            return Refusal(refusal, http.Response);
        }

        http.Items[typeof(SignedInAdmin)] = new SignedInAdmin(check.User!, source, audit, cancellationToken);
        return null;
    }

    private static JsonResult Refusal(AdminRefusal refusal, HttpResponse response)
    {
        switch (refusal.Reason)
        {
            case AdminRefusalReason.CoolingDown:
                response.Headers[HeaderNames.RetryAfter] = refusal.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return ApiResults.Error(StatusCodes.Status429TooManyRequests, refusal.Message);
            case AdminRefusalReason.NotSignedIn:
                response.Headers[HeaderNames.WWWAuthenticate] = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
                return ApiResults.Error(StatusCodes.Status401Unauthorized, refusal.Message);
            default:
                return ApiResults.Error(StatusCodes.Status403Forbidden, refusal.Message);
        }
    }
}

/// <summary>The admin a function marked <see cref="AdminOnlyAttribute"/> runs for, from the address <see cref="Source"/>; what they do goes to the audit log.</summary>
public sealed record SignedInAdmin(string User, string Source, AuditLog Audit, CancellationToken CancellationToken)
{
    /// <exception cref="InvalidOperationException">The request's function is not marked <see cref="AdminOnlyAttribute"/>, so no gate ran.</exception>
    public static SignedInAdmin Of(HttpRequest request) =>
        request.HttpContext.Items[typeof(SignedInAdmin)] as SignedInAdmin
        ?? throw new InvalidOperationException("No admin signed in for this request: its function is not marked [AdminOnly].");

    public Task AuditAsync(string action, string detail) => Audit.RecordAsync(action, User, Source, detail, CancellationToken);
}
