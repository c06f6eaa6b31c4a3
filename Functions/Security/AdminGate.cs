namespace RecordingFunctions.Security;

/// <summary>
/// Guards the management API and page: HTTP Basic auth against the configuration, a growing cool-down after
/// repeated failures, and for changes (POST, PUT, DELETE) the same origin plus an <c>X-Requested-With</c> header,
/// which a foreign page cannot send without a CORS preflight that is never granted.
/// </summary>
public sealed class AdminGate(ConfigStore config, PasswordHashing passwords, LoginThrottle throttle, AuditLog audit)
{
    public const string RequestedWithHeader = "X-Requested-With";

    private static readonly HashSet<string> ChangeMethods = new(["POST", "PUT", "DELETE", "PATCH"], StringComparer.OrdinalIgnoreCase);

    /// <returns>The admin user, or why the request is refused.</returns>
    public async Task<AdminCheck> CheckAsync(GatedRequest request, CancellationToken cancellationToken)
    {
        if (ChangeMethods.Contains(request.Method) && ForeignRequestReason(request) is { } reason)
        {
            return AdminCheck.Refused(AdminRefusalReason.NotFromThePage, reason);
        }

        var throttled = await throttle.ReadAsync(request.Source, cancellationToken);
        if (throttled.CoolDown is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            return AdminCheck.Refused(AdminRefusalReason.CoolingDown, $"too many wrong passwords; try again in {seconds} s", seconds);
        }

        if (ParseBasic(request.Authorization) is not var (user, password))
        {
            return AdminCheck.Refused(AdminRefusalReason.NotSignedIn, "sign in with the admin user and password");
        }

        var settings = await config.GetAsync(cancellationToken);
        var userMatches = Secrets.FixedTimeEquals(user, settings.User);
        var passwordMatches = passwords.Verify(settings.PasswordHash, password);
        if (!userMatches || !passwordMatches)
        {
            await throttle.RecordFailureAsync(request.Source, cancellationToken);
            await audit.RecordAsync("failed sign-in", user, request.Source, $"{request.Method} {request.Path}", cancellationToken);
            return AdminCheck.Refused(AdminRefusalReason.NotSignedIn, "wrong user or password");
        }

        if (throttled.HasFailures)
        {
            await throttle.RecordSuccessAsync(request.Source, cancellationToken);
        }

        return new AdminCheck(settings.User, null);
    }

    private static string? ForeignRequestReason(GatedRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.RequestedWith))
        {
            return $"changes need the {RequestedWithHeader} header";
        }

        if (request.FetchSite.Length > 0 && request.FetchSite is not ("same-origin" or "none"))
        {
            return "changes are accepted only from the admin page itself";
        }

        if (request.Origin.Length > 0 && (!Uri.TryCreate(request.Origin, UriKind.Absolute, out var originUri)
            || !string.Equals(originUri.Authority, request.Host, StringComparison.OrdinalIgnoreCase)))
        {
            return "changes are accepted only from the admin page itself";
        }

        return null;
    }

    private static (string User, string Password)? ParseBasic(string authorization)
    {
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>What the gate reads of a request: its method and path, the host it was sent to, the caller's address and the headers that sign in or name the page it came from (empty when not sent).</summary>
public sealed record GatedRequest(
    string Method, string Path, string Host, string Source, string Authorization, string RequestedWith, string FetchSite, string Origin);

/// <summary>The gate's verdict: the admin user, or the refusal.</summary>
public sealed record AdminCheck(string? User, AdminRefusal? Refusal)
{
    public static AdminCheck Refused(AdminRefusalReason reason, string message, int retryAfterSeconds = 0) =>
        new(null, new AdminRefusal(reason, message, retryAfterSeconds));
}

/// <param name="RetryAfterSeconds">For <see cref="AdminRefusalReason.CoolingDown"/>: how long the address must still wait.</param>
public sealed record AdminRefusal(AdminRefusalReason Reason, string Message, int RetryAfterSeconds);

public enum AdminRefusalReason
{
    /// <summary>A change not sent by the admin page itself (no <c>X-Requested-With</c>, another site or origin).</summary>
    NotFromThePage,

    /// <summary>The address gave too many wrong passwords and must wait.</summary>
    CoolingDown,

    /// <summary>No credentials, or wrong ones.</summary>
    NotSignedIn,
}
