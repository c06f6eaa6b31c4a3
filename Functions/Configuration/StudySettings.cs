namespace RecordingFunctions.Configuration;

/// <summary>
/// The typed view of the configuration document. <see cref="ConfigKeys"/> declares each key (name, default, limits);
/// <see cref="ConfigMigration"/> makes settings from a document, so no settings exist without a value for every key.
/// </summary>
public sealed record StudySettings
{
    /// <summary>Set on a set without sensor samples, removed when samples arrive.</summary>
    public const string NoDataTag = "no data";

    /// <summary>What <see cref="ConfigMigration"/> fills key by key.</summary>
    internal static readonly StudySettings Unfilled = new();

    private StudySettings()
    {
    }

    public string User { get; init; } = "";

    /// <summary>A salted slow hash (see <see cref="Security.PasswordHashing"/>), never the password.</summary>
    public string PasswordHash { get; init; } = "";

    public bool HideMicFiles { get; init; }

    public bool RenameMicFiles { get; init; }

    public bool PackMicFiles { get; init; }

    public IReadOnlyList<string> AllowedEndings { get; init; } = [];

    public long MaxUploadBytes { get; init; }

    public int PairingRequestLifetimeMinutes { get; init; }

    /// <summary>Most pending pairing requests kept at once; a new one beyond it lapses the oldest request not yet granted.</summary>
    public int MaxPendingPairingRequests { get; init; }

    /// <summary>Most pending pairing requests kept from one address (an IPv6 /64); a new identifier beyond it is told to try again later.</summary>
    public int MaxPendingPairingRequestsPerSource { get; init; }

    public IReadOnlyList<string> SetTags { get; init; } = [];

    /// <summary>Sets with one of these tags count in no statistics.</summary>
    public IReadOnlyList<string> ExcludingSetTags { get; init; } = [];

    /// <summary>The study overview flags an active participant after this many days without an upload.</summary>
    public int SilentDays { get; init; }

    /// <summary>The shared secret of the Flask server; still accepted as a Bearer token while <see cref="AcceptClientSecret"/>.</summary>
    public string ClientSecret { get; init; } = "";

    public bool AcceptClientSecret { get; init; }

    /// <summary>Key for the stable pseudonyms of renamed microphone files.</summary>
    public string PseudonymKey { get; init; } = "";

    public TimeSpan PairingRequestLifetime => TimeSpan.FromMinutes(PairingRequestLifetimeMinutes);

    public bool AllowsEnding(string ending) =>
        AllowedEndings.Contains(ending, StringComparer.OrdinalIgnoreCase);
}
