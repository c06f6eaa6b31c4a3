using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RecordingFunctions.Http;

/// <summary>
/// Kestrel inside the isolated worker refuses bodies over about 30 MB by default. The limit is raised to the
/// deployment's maximum upload size (app setting <c>Recordings__MaxUploadBytes</c>, default 100 MiB, matching
/// <c>FUNCTIONS_REQUEST_BODY_SIZE_LIMIT</c> for the host); the configuration document's own, possibly lower,
/// maximum is enforced per request while streaming.
/// </summary>
public static class RequestLimits
{
    /// <summary>Room for multipart boundaries and part headers around the file itself.</summary>
    public const long MultipartOverhead = 64 * 1024;

    /// <summary>The setting is read when Kestrel starts, so configuration added after this call counts too.</summary>
    public static IServiceCollection AddUploadSizedRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>().Configure<IConfiguration>((kestrel, configuration) =>
            kestrel.Limits.MaxRequestBodySize = DeploymentLimits.From(configuration).MaxUploadBytes + MultipartOverhead);
        return services;
    }
}
