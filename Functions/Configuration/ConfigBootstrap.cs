using Microsoft.Extensions.Configuration;

namespace RecordingFunctions.Configuration;

/// <summary>
/// The first start: what a new document (or one lacking the admin or a secret) gets from the app settings or makes up,
/// and the one log line that shows an admin password made up for want of <see cref="AdminPasswordSetting"/>.
/// </summary>
public sealed class ConfigBootstrap(IConfiguration appSettings, ILogger<ConfigBootstrap> logger)
{
    public const string AdminUserSetting = "RECORDINGS_ADMIN_USER";
    public const string AdminPasswordSetting = "RECORDINGS_ADMIN_PASSWORD";

    public FirstStart NewFirstStart() => new(appSettings[AdminUserSetting], appSettings[AdminPasswordSetting]);

    /// <summary>Called once a document holding <paramref name="firstStart"/>'s values is stored: shows a made-up password, this once.</summary>
    public void ShowGeneratedPassword(FirstStart firstStart, string user)
    {
        if (firstStart.GeneratedPassword is { } password)
        {
            logger.LogWarning(
                "No {Setting} was given: the admin password for user {User} is {Password} (shown once; change it in the admin page)",
                AdminPasswordSetting, user, password);
        }
    }
}

/// <summary>
/// The values of the keys without a fixed default, made only when asked for (so reading a complete document makes
/// none): new secrets, and the admin from the app settings, with a generated password when none is given.
/// </summary>
public sealed class FirstStart(string? adminUser, string? adminPassword)
{
    public const string DefaultAdminUser = "admin";

    /// <summary>48 random letters and digits (about 286 bits); also what regenerating the client secret gives.</summary>
    public static string NewSecret() => Secrets.NewSecret(48);

    public string ClientSecret => field ??= NewSecret();

    public string PseudonymKey => field ??= NewSecret();

    public string AdminUser => string.IsNullOrWhiteSpace(adminUser) ? DefaultAdminUser : adminUser.Trim();

    /// <summary>The password made up because no admin password was given, once the document needed one; else null.</summary>
    public string? GeneratedPassword { get; private set; }

    public string AdminPasswordHash()
    {
        if (!string.IsNullOrEmpty(adminPassword))
        {
            return PasswordHashing.Hash(adminPassword);
        }

        GeneratedPassword ??= Secrets.NewSecret(20);
        return PasswordHashing.Hash(GeneratedPassword);
    }
}
