using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using RecordingFunctions.Configuration;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Security;

/// <summary>Who is uploading: a paired device by its own token, or (while allowed) a watch holding the shared secret of the Flask server.</summary>
public sealed class DeviceAuthenticator(DeviceRegistry devices)
{
    public const string SharedSecretDeviceId = "shared-secret";

    public async Task<DeviceIdentity?> AuthenticateAsync(HttpRequest request, StudySettings settings, CancellationToken cancellationToken)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[scheme.Length..].Trim();
        if (token.Length == 0)
        {
            return null;
        }

        if (await devices.FindByTokenAsync(token, cancellationToken) is { } device)
        {
            return new DeviceIdentity(device.Id, device.Identifier);
        }

        return settings.AcceptClientSecret && Secrets.FixedTimeEquals(token, settings.ClientSecret)
            ? new DeviceIdentity(SharedSecretDeviceId, "watch with the shared secret")
            : null;
    }
}

public sealed record DeviceIdentity(string Id, string Identifier);
