namespace RecordingFunctions.Configuration;

/// <summary>The typed view of the configuration document (<c>conf/config.sample.yml</c> documents each key).</summary>
public sealed record StudySettings
{
    public const int CurrentVersion = 2;

    public static readonly IReadOnlyList<string> DefaultAllowedEndings =
        ["zip", "mkv", "csv", "3gp", "tflite", "json", "avi", "ort", "pt"];

    public const long DefaultMaxUploadBytes = 4L * 1024 * 1024 * 1024;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The shared secret of the Flask server; still accepted as a Bearer token while <see cref="AcceptClientSecret"/>.</summary>
    public required string ClientSecret { get; init; }

    public bool AcceptClientSecret { get; init; } = true;

    public required string User { get; init; }

    /// <summary>A salted slow hash (see <see cref="Security.PasswordHashing"/>), never the password.</summary>
    public required string PasswordHash { get; init; }

    public bool HideMicFiles { get; init; }

    public bool RenameMicFiles { get; init; }

    public bool PackMicFiles { get; init; } = true;

    public IReadOnlyList<string> AllowedEndings { get; init; } = DefaultAllowedEndings;

    public long MaxUploadBytes { get; init; } = DefaultMaxUploadBytes;

    public int PairingRequestLifetimeMinutes { get; init; } = 24 * 60;

    /// <summary>Key for the stable pseudonyms of renamed microphone files; generated once, never rotated.</summary>
    public required string PseudonymKey { get; init; }

    public TimeSpan PairingRequestLifetime => TimeSpan.FromMinutes(PairingRequestLifetimeMinutes);

    public bool AllowsEnding(string ending) =>
        AllowedEndings.Contains(ending, StringComparer.OrdinalIgnoreCase);
}
