using Microsoft.Extensions.Configuration;

namespace RecordingFunctions.Configuration;

/// <summary>What the deployment allows whatever the configuration document says; the settings API holds the document to it.</summary>
public sealed record DeploymentLimits(long MaxUploadBytes)
{
    /// <summary>The app setting as the host reads it (<c>Recordings__MaxUploadBytes</c> in the environment).</summary>
    public const string MaxUploadBytesSetting = "Recordings:MaxUploadBytes";

    /// <summary>The name the settings API's complaint gives, as it is written in app settings.</summary>
    public const string MaxUploadBytesAppSetting = "Recordings__MaxUploadBytes";

    /// <summary>
    /// 100 MiB, the Functions host's own default body limit: the host holds a body that declares its length in memory
    /// at about 5.6 times its size, so the deployment's defaults are sized from it (docs/deploy.md). It is also the
    /// document's default for <c>max_upload_bytes</c>.
    /// </summary>
    public const long DefaultMaxUploadBytes = 100L * 1024 * 1024;

    public static DeploymentLimits From(IConfiguration appSettings) =>
        new(appSettings.GetValue(MaxUploadBytesSetting, DefaultMaxUploadBytes));
}
