using Microsoft.Extensions.Configuration;

namespace RecordingFunctions.Manage;

/// <summary>
/// The server name to enter on a watch: the app's public base URL, without a trailing slash (a watch appends
/// <c>/tokenauth/...</c> to it, and the Functions host answers 404 to any path that starts with <c>//</c>).
/// Taken from the app setting <c>Recordings__PublicBaseUrl</c> (a custom domain, a gateway's path) as it is; else
/// from Azure's <c>WEBSITE_HOSTNAME</c> with <c>https://</c> and the host's route prefix; else from the origin the
/// request came in on, with the route prefix.
/// </summary>
public sealed class WatchServerName(IConfiguration configuration)
{
    public const string PublicBaseUrlSetting = "Recordings:PublicBaseUrl";

    public const string HostNameSetting = "WEBSITE_HOSTNAME";

    private readonly string _routePrefix = HostRoutePrefix.Read(configuration, AppContext.BaseDirectory);

    /// <param name="requestScheme">The scheme the request came in on (<c>http</c> behind Azure's front end too).</param>
    /// <param name="requestHost">The host and port the request came in on.</param>
    public ServerName For(string requestScheme, string requestHost)
    {
        var setting = configuration[PublicBaseUrlSetting];
        string? settingProblem = null;
        if (!string.IsNullOrWhiteSpace(setting))
        {
            if (PublicBaseUrl(setting) is { } url)
            {
                return new ServerName(url, ServerName.FromSetting, null);
            }

            settingProblem = $"Recordings__PublicBaseUrl is \"{setting}\", not an absolute http or https URL without query or fragment; it is ignored.";
        }

        var withPrefix = _routePrefix.Length > 0 ? "/" + _routePrefix : "";
        return AzureHostName(configuration[HostNameSetting]) is { } hostName
            ? new ServerName($"https://{hostName}{withPrefix}", ServerName.FromHostName, settingProblem)
            : new ServerName($"{requestScheme.ToLowerInvariant()}://{requestHost}{withPrefix}", ServerName.FromRequest, settingProblem);
    }

    private static string? PublicBaseUrl(string setting) =>
        Uri.TryCreate(setting.Trim(), UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
        && url.UserInfo.Length == 0 && url.Query.Length == 0 && url.Fragment.Length == 0
            ? url.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : null;

    /// <summary>
    /// Azure's front end serves <c>WEBSITE_HOSTNAME</c> over HTTPS on the default port, so its value never has a
    /// port. Local hosts set it too (Core Tools to <c>localhost:7071</c>, the local real host to
    /// <c>127.0.0.1:&lt;port&gt;</c>) and serve plain HTTP there: for them the request's own origin tells more.
    /// </summary>
    private static string? AzureHostName(string? hostName) =>
        !string.IsNullOrWhiteSpace(hostName)
        && Uri.TryCreate("https://" + hostName.Trim(), UriKind.Absolute, out var url)
        && url.IsDefaultPort && url.AbsolutePath == "/" && url.UserInfo.Length == 0 && url.Query.Length == 0 && url.Fragment.Length == 0
            ? url.Host
            : null;
}

/// <param name="Value">The server name, e.g. <c>https://app.azurewebsites.net</c>.</param>
/// <param name="Source">Where it came from: <see cref="FromSetting"/>, <see cref="FromHostName"/> or <see cref="FromRequest"/>.</param>
/// <param name="SettingProblem">Why a <c>Recordings__PublicBaseUrl</c> that is set was not used; null when it was or is unset.</param>
public sealed record ServerName(string Value, string Source, string? SettingProblem)
{
    public const string FromSetting = "setting";

    public const string FromHostName = "WEBSITE_HOSTNAME";

    public const string FromRequest = "request";

    /// <summary>A watch reaches a server only over HTTPS (with a publicly trusted certificate).</summary>
    public bool Https => Value.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
