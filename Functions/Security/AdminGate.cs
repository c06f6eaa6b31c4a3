using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using RecordingFunctions.Configuration;
using RecordingFunctions.Http;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Security;

/// <summary>
/// Guards the management API and page: HTTP Basic auth against the configuration, a growing cool-down after
/// repeated failures, and for changes (POST, PUT, DELETE) the same origin plus an <c>X-Requested-With</c> header,
/// which a foreign page cannot send without a CORS preflight that is never granted.
/// </summary>
public sealed class AdminGate(ConfigStore config, PasswordHashing passwords, LoginThrottle throttle, AuditLog audit)
{
    public const string Realm = "RecordingFunctions";
    public const string RequestedWithHeader = "X-Requested-With";

    /// <returns>The admin user, or the answer that refuses the request.</returns>
    public async Task<AdminCheck> CheckAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (IsChange(request.Method) && ForeignRequestReason(request) is { } reason)
        {
            return AdminCheck.Refused(ApiResults.Error(StatusCodes.Status403Forbidden, reason));
        }

        var source = RequestSource.Of(request);
        var throttled = await throttle.ReadAsync(source, cancellationToken);
        if (throttled.CoolDown is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            request.HttpContext.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
            return AdminCheck.Refused(ApiResults.Error(StatusCodes.Status429TooManyRequests, $"too many wrong passwords; try again in {seconds} s"));
        }

        if (ParseBasic(request) is not var (user, password))
        {
            return Challenge(request, "sign in with the admin user and password");
        }

        var settings = await config.GetAsync(cancellationToken);
        var userMatches = Secrets.FixedTimeEquals(user, settings.User);
        var passwordMatches = passwords.Verify(settings.PasswordHash, password);
        if (!userMatches || !passwordMatches)
        {
            await throttle.RecordFailureAsync(source, cancellationToken);
            await audit.RecordAsync("failed sign-in", user, source, $"{request.Method} {request.Path}", cancellationToken);
            return Challenge(request, "wrong user or password");
        }

        if (throttled.HasFailures)
        {
            await throttle.RecordSuccessAsync(source, cancellationToken);
        }

        return AdminCheck.Allowed(settings.User);
    }

    public static bool IsChange(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsPatch(method);

    private static string? ForeignRequestReason(HttpRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Headers[RequestedWithHeader]))
        {
            return $"changes need the {RequestedWithHeader} header";
        }

        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && fetchSite is not ("same-origin" or "none"))
        {
            return "changes are accepted only from the admin page itself";
        }

        var origin = request.Headers[HeaderNames.Origin].ToString();
        if (origin.Length > 0 && (!Uri.TryCreate(origin, UriKind.Absolute, out var originUri)
            || !string.Equals(originUri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            return "changes are accepted only from the admin page itself";
        }

        return null;
    }

    private static (string User, string Password)? ParseBasic(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static AdminCheck Challenge(HttpRequest request, string message)
    {
        request.HttpContext.Response.Headers[HeaderNames.WWWAuthenticate] = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
        return AdminCheck.Refused(ApiResults.Error(StatusCodes.Status401Unauthorized, message));
    }
}

public sealed record AdminCheck(string? User, IActionResult? Rejection)
{
    public static AdminCheck Allowed(string user) => new(user, null);

    public static AdminCheck Refused(IActionResult rejection) => new(null, rejection);
}
