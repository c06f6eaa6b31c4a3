using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace RecordingFunctions.Http;

/// <summary>
/// The route prefix the Functions host puts before every HTTP trigger's route: host.json's
/// <c>extensions.http.routePrefix</c> (empty in this app), overridden by the app setting
/// <c>AzureFunctionsJobHost__extensions__http__routePrefix</c> as the host itself does; the host's default without
/// either is <c>api</c>. Returned without leading or trailing slashes.
/// </summary>
public static class HostRoutePrefix
{
    public const string OverrideSetting = "AzureFunctionsJobHost:extensions:http:routePrefix";

    public const string HostDefault = "api";

    public static string Read(IConfiguration configuration, string appDirectory)
    {
        var hostJson = Path.Combine(appDirectory, "host.json");
        var prefix = configuration[OverrideSetting]
            ?? (File.Exists(hostJson) ? JsonNode.Parse(File.ReadAllText(hostJson))?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() : null)
            ?? HostDefault;
        return prefix.Trim('/');
    }
}
