namespace RecordingFunctions.Security;

/// <summary>Who is uploading: a paired device by its own token, or (while allowed) a watch holding the shared secret of the Flask server.</summary>
public sealed class DeviceAuthenticator(DeviceRegistry devices)
{
    public const string SharedSecretDeviceId = "shared-secret";

    /// <param name="authorization">The request's <c>Authorization</c> header as sent (empty when none): <c>Bearer &lt;token&gt;</c>.</param>
    public async Task<DeviceIdentity?> AuthenticateAsync(string authorization, StudySettings settings, CancellationToken cancellationToken)
    {
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[scheme.Length..].Trim();
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
