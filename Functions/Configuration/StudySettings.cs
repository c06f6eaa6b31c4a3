namespace RecordingFunctions.Configuration;

/// <summary>The typed view of the configuration document (<c>conf/config.sample.yml</c> documents each key).</summary>
public sealed record StudySettings
{
    public const int CurrentVersion = 2;

    public static readonly IReadOnlyList<string> DefaultAllowedEndings =
        ["zip", "mkv", "csv", "3gp", "tflite", "json", "avi", "ort", "pt"];

    /// <summary>
    /// 100 MiB, the Functions host's own default body limit: the host holds a body that declares its length in memory
    /// at about 5.6 times its size, so the deployment's defaults are sized from it (docs/deploy.md).
    /// </summary>
    public const long DefaultMaxUploadBytes = 100L * 1024 * 1024;

    /// <summary>Room for a few studies pairing at once; a flood of requests from strangers stops here.</summary>
    public const int DefaultMaxPendingPairingRequests = 200;

    /// <summary>Comfortably more than a clinic pairing 30 watches behind one address.</summary>
    public const int DefaultMaxPendingPairingRequestsPerSource = 50;

    /// <summary>The Flask server's tags for sets; <see cref="NoDataTag"/> is also set and removed by the app itself.</summary>
    public static readonly IReadOnlyList<string> DefaultSetTags = [NoDataTag, "test", "exclude"];

    /// <summary>Sets with one of these tags count in no statistics.</summary>
    public static readonly IReadOnlyList<string> DefaultExcludingSetTags = ["test", "exclude"];

    /// <summary>Set on a set without sensor samples, removed when samples arrive.</summary>
    public const string NoDataTag = "no data";

    public const int MaxTagLength = 40;

    /// <summary>Whether <paramref name="tag"/>, trimmed, can be one of the study's tags: 1 to <see cref="MaxTagLength"/> characters.</summary>
    public static bool IsTag(string? tag) => tag?.Trim() is { Length: > 0 and <= MaxTagLength };

    /// <summary>The study overview flags an active participant after this many days without an upload.</summary>
    public const int DefaultSilentDays = 2;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The shared secret of the Flask server; still accepted as a Bearer token while <see cref="AcceptClientSecret"/>.</summary>
    public required string ClientSecret { get; init; }

    public bool AcceptClientSecret { get; init; } = true;

    public required string User { get; init; }

    /// <summary>A salted slow hash (see <see cref="Security.PasswordHashing"/>), never the password.</summary>
    public required string PasswordHash { get; init; }

    /// <summary>
    /// The microphone defaults are the Flask server's, chosen there "due to anonymity": a new configuration, and a Flask
    /// one lacking the key, hides microphone files, renames them and leaves them out of zips.
    /// </summary>
    public const bool DefaultHideMicFiles = true;

    public const bool DefaultRenameMicFiles = true;

    public const bool DefaultPackMicFiles = false;

    public bool HideMicFiles { get; init; } = DefaultHideMicFiles;

    public bool RenameMicFiles { get; init; } = DefaultRenameMicFiles;

    public bool PackMicFiles { get; init; } = DefaultPackMicFiles;

    public IReadOnlyList<string> AllowedEndings { get; init; } = DefaultAllowedEndings;

    public long MaxUploadBytes { get; init; } = DefaultMaxUploadBytes;

    public int PairingRequestLifetimeMinutes { get; init; } = 24 * 60;

    /// <summary>Most pairing requests kept at once; a new one beyond it lapses the oldest request not yet granted.</summary>
    public int MaxPendingPairingRequests { get; init; } = DefaultMaxPendingPairingRequests;

    /// <summary>Most pairing requests kept from one address (an IPv6 /64); a new identifier beyond it is told to try again later.</summary>
    public int MaxPendingPairingRequestsPerSource { get; init; } = DefaultMaxPendingPairingRequestsPerSource;

    /// <summary>Key for the stable pseudonyms of renamed microphone files; generated once, never rotated.</summary>
    public required string PseudonymKey { get; init; }

    public IReadOnlyList<string> SetTags { get; init; } = DefaultSetTags;

    public IReadOnlyList<string> ExcludingSetTags { get; init; } = DefaultExcludingSetTags;

    public int SilentDays { get; init; } = DefaultSilentDays;

    public TimeSpan PairingRequestLifetime => TimeSpan.FromMinutes(PairingRequestLifetimeMinutes);

    public bool AllowsEnding(string ending) =>
        AllowedEndings.Contains(ending, StringComparer.OrdinalIgnoreCase);
}
