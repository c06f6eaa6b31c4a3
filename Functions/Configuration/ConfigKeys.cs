namespace RecordingFunctions.Configuration;

/// <summary>
/// Every key of the configuration document, each declared once: its YAML name, its name in the settings API, its
/// type and limits, its default and whether it is secret. The document's parsing and writing, the Flask migration,
/// the settings API (GET and PUT) and the page's settings view all follow this list, in this order;
/// <c>conf/config.sample.yml</c> documents each key (a test checks it lists them all with their defaults).
/// </summary>
public static class ConfigKeys
{
    public static readonly SettingGroup MicrophoneFiles = new(
        "Microphone files",
        "Microphone recordings (zips whose name contains \"mic\") can identify people. By default, as on the Flask server, they are hidden, "
        + "renamed and left out of zips; turn these off only where your study allows it.");

    /// <summary>The admin page's user: from the app setting <c>RECORDINGS_ADMIN_USER</c> on first start, else <c>admin</c>.</summary>
    public static readonly SettingKey<string> User = new(
        "user", new Text(maxLength: 64, forbidden: ":"), first => first.AdminUser, s => s.User, (s, v) => s with { User = v })
    {
        ApiName = "user", Editable = true, Label = "Admin user",
    };

    /// <summary>Never the password: its salted slow hash (the API never shows it; it changes through its own route).</summary>
    public static readonly SettingKey<string> Password = new(
        "user_pw", new PasswordHash(), first => first.AdminPasswordHash(), s => s.PasswordHash, (s, v) => s with { PasswordHash = v })
    {
        Secret = true,
    };

    /// <summary>
    /// The microphone defaults are the Flask server's, chosen there "due to anonymity": a new configuration, and a Flask
    /// one lacking the key, hides microphone files, renames them and leaves them out of zips.
    /// </summary>
    public static readonly SettingKey<bool> HideMicFiles = new(
        "hide_mic_files", new Flag(), true, s => s.HideMicFiles, (s, v) => s with { HideMicFiles = v })
    {
        ApiName = "hideMicFiles", Editable = true, Group = MicrophoneFiles,
        Label = "Hide them: leave them out of this page's file lists and downloads (they stay stored)",
    };

    public static readonly SettingKey<bool> RenameMicFiles = new(
        "rename_mic_files", new Flag(), true, s => s.RenameMicFiles, (s, v) => s with { RenameMicFiles = v })
    {
        ApiName = "renameMicFiles", Editable = true, Group = MicrophoneFiles,
        Label = "Rename them: store new uploads under a stable pseudonym (mic_<keyed hash>.zip) instead of the watch's name, "
            + "which carries the recording's time and the watch's id",
    };

    public static readonly SettingKey<bool> PackMicFiles = new(
        "pack_mic_files", new Flag(), false, s => s.PackMicFiles, (s, v) => s with { PackMicFiles = v })
    {
        ApiName = "packMicFiles", Editable = true, Group = MicrophoneFiles,
        Label = "Pack them: include them in the set's zip (a change applies to a set's zip when it next changes)",
    };

    public static readonly SettingKey<IReadOnlyList<string>> AllowedEndings = new(
        "allowed_endings", new FileEndings(), ["zip", "mkv", "csv", "3gp", "tflite", "json", "avi", "ort", "pt"],
        s => s.AllowedEndings, (s, v) => s with { AllowedEndings = v })
    {
        ApiName = "allowedEndings", Editable = true, Label = "Allowed file endings",
    };

    /// <summary>The deployment's own default limit (see <see cref="DeploymentLimits.DefaultMaxUploadBytes"/>).</summary>
    public static readonly SettingKey<long> MaxUploadBytes = new(
        "max_upload_bytes", new ByteSize(min: 1024), DeploymentLimits.DefaultMaxUploadBytes, s => s.MaxUploadBytes, (s, v) => s with { MaxUploadBytes = v })
    {
        ApiName = "maxUploadBytes", Editable = true, Label = "Maximum upload size",
    };

    public static readonly SettingKey<int> PairingRequestLifetimeMinutes = new(
        "pairing_request_lifetime_minutes", new WholeNumber(1, 30 * 24 * 60, "minutes"), 24 * 60,
        s => s.PairingRequestLifetimeMinutes, (s, v) => s with { PairingRequestLifetimeMinutes = v })
    {
        ApiName = "pairingRequestLifetimeMinutes", Editable = true, Label = "Pairing request lifetime",
    };

    /// <summary>
    /// Room for a few studies pairing at once; a flood of requests from strangers stops here. At most 1000: every new
    /// identifier reads the pending requests once, so their number stays small.
    /// </summary>
    public static readonly SettingKey<int> MaxPendingPairingRequests = new(
        "max_pending_pairing_requests", new WholeNumber(1, 1000), 200,
        s => s.MaxPendingPairingRequests, (s, v) => s with { MaxPendingPairingRequests = v })
    {
        ApiName = "maxPendingPairingRequests", Editable = true, Label = "Most pending pairing requests",
    };

    /// <summary>Comfortably more than a clinic pairing 30 watches behind one address.</summary>
    public static readonly SettingKey<int> MaxPendingPairingRequestsPerSource = new(
        "max_pending_pairing_requests_per_source", new WholeNumber(1, 1000), 50,
        s => s.MaxPendingPairingRequestsPerSource, (s, v) => s with { MaxPendingPairingRequestsPerSource = v })
    {
        ApiName = "maxPendingPairingRequestsPerSource", Editable = true, Label = "Most pending pairing requests from one address",
    };

    /// <summary>The Flask server's tags; <see cref="StudySettings.NoDataTag"/> is also set and removed by the app itself.</summary>
    public static readonly SettingKey<IReadOnlyList<string>> SetTags = new(
        "set_tags", new TagList(), [StudySettings.NoDataTag, "test", "exclude"], s => s.SetTags, (s, v) => s with { SetTags = v })
    {
        ApiName = "setTags", Editable = true, Label = "Tags for sets",
    };

    public static readonly SettingKey<IReadOnlyList<string>> ExcludingSetTags = new(
        "excluding_set_tags", new TagList(), ["test", "exclude"], s => s.ExcludingSetTags, (s, v) => s with { ExcludingSetTags = v })
    {
        ApiName = "excludingSetTags", Editable = true, Label = "Tags that leave a set out of every statistic",
    };

    public static readonly SettingKey<int> SilentDays = new(
        "participant_silent_days", new WholeNumber(1, 365, "days"), 2, s => s.SilentDays, (s, v) => s with { SilentDays = v })
    {
        ApiName = "silentDays", Editable = true, Label = "Days without an upload before an active participant is flagged",
    };

    /// <summary>
    /// The Flask server's shared secret, 48 random letters and digits from the first start. Watches paired with the
    /// old server send it as their token; the page shows it and regenerates it through its own route.
    /// </summary>
    public static readonly SettingKey<string> ClientSecret = new(
        "client_secret", new Text(), first => first.ClientSecret, s => s.ClientSecret, (s, v) => s with { ClientSecret = v })
    {
        ApiName = "clientSecret", Secret = true,
    };

    public static readonly SettingKey<bool> AcceptClientSecret = new(
        "accept_client_secret", new Flag(), true, s => s.AcceptClientSecret, (s, v) => s with { AcceptClientSecret = v })
    {
        ApiName = "acceptClientSecret", Editable = true, Label = "Accept the shared client secret as a token (watches paired with the Flask server)",
    };

    /// <summary>Key for the stable pseudonyms of renamed microphone files; made on first start, never rotated.</summary>
    public static readonly SettingKey<string> PseudonymKey = new(
        "pseudonym_key", new Text(), first => first.PseudonymKey, s => s.PseudonymKey, (s, v) => s with { PseudonymKey = v })
    {
        Secret = true,
    };

    public static readonly IReadOnlyList<SettingKey> All =
    [
        User, Password, HideMicFiles, RenameMicFiles, PackMicFiles, AllowedEndings, MaxUploadBytes, PairingRequestLifetimeMinutes,
        MaxPendingPairingRequests, MaxPendingPairingRequestsPerSource, SetTags, ExcludingSetTags, SilentDays, ClientSecret,
        AcceptClientSecret, PseudonymKey,
    ];
}
