using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RecordingFunctions.Configuration;

/// <summary>
/// The YAML configuration document. Known keys are read into <see cref="StudySettings"/>; keys the app does not
/// know are kept untouched when the document is written back.
/// </summary>
public sealed class ConfigDocument
{
    private static readonly string[] KnownKeys =
    [
        Keys.Version, Keys.ClientSecret, Keys.AcceptClientSecret, Keys.User, Keys.Password, Keys.HideMicFiles,
        Keys.RenameMicFiles, Keys.PackMicFiles, Keys.AllowedEndings, Keys.MaxUploadBytes,
        Keys.PairingRequestLifetimeMinutes, Keys.MaxPendingPairingRequests, Keys.MaxPendingPairingRequestsPerSource, Keys.PseudonymKey,
        Keys.SetTags, Keys.ExcludingSetTags, Keys.SilentDays,
    ];

    private readonly YamlMappingNode _root;

    private ConfigDocument(YamlMappingNode root) => _root = root;

    public static ConfigDocument Empty() => new(new YamlMappingNode());

    /// <exception cref="ConfigFormatException">The text is not YAML, not a mapping, or a known key has the wrong type.</exception>
    public static ConfigDocument Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigFormatException($"not valid YAML ({e.Start}): {e.Message}", e);
        }

        if (stream.Documents.Count == 0)
        {
            throw new ConfigFormatException("the document is empty");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigFormatException("the document is not a mapping of keys to values");
        }

        var document = new ConfigDocument(root);
        _ = document.ReadValues();
        return document;
    }

    public int Version => ReadInt(Keys.Version) ?? 1;

    /// <summary>The password as the Flask server stored it: in clear. Present only in documents not yet migrated.</summary>
    public string? StoredPassword => ReadString(Keys.Password);

    /// <summary>Reads what is there; missing keys come back null so that migration can fill them.</summary>
    public PartialSettings ReadValues() => new(
        ReadString(Keys.ClientSecret),
        ReadBool(Keys.AcceptClientSecret),
        ReadString(Keys.User),
        ReadString(Keys.Password),
        ReadBool(Keys.HideMicFiles),
        ReadBool(Keys.RenameMicFiles),
        ReadBool(Keys.PackMicFiles),
        ReadStringList(Keys.AllowedEndings),
        ReadLong(Keys.MaxUploadBytes),
        ReadInt(Keys.PairingRequestLifetimeMinutes),
        ReadInt(Keys.MaxPendingPairingRequests),
        ReadInt(Keys.MaxPendingPairingRequestsPerSource),
        ReadString(Keys.PseudonymKey),
        ReadTags(Keys.SetTags),
        ReadTags(Keys.ExcludingSetTags),
        ReadInt(Keys.SilentDays));

    /// <summary>The document with every known key set from <paramref name="settings"/>, unknown keys kept in place.</summary>
    public ConfigDocument With(StudySettings settings)
    {
        var copy = new YamlMappingNode();
        foreach (var (key, value) in _root.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && KnownKeys.Contains(name))
            {
                continue;
            }

            copy.Add(key, value);
        }

        copy.Add(Keys.Version, Scalar(settings.Version.ToString(CultureInfo.InvariantCulture)));
        copy.Add(Keys.ClientSecret, Scalar(settings.ClientSecret));
        copy.Add(Keys.AcceptClientSecret, Scalar(settings.AcceptClientSecret));
        copy.Add(Keys.User, Scalar(settings.User));
        copy.Add(Keys.Password, Scalar(settings.PasswordHash));
        copy.Add(Keys.HideMicFiles, Scalar(settings.HideMicFiles));
        copy.Add(Keys.RenameMicFiles, Scalar(settings.RenameMicFiles));
        copy.Add(Keys.PackMicFiles, Scalar(settings.PackMicFiles));
        copy.Add(Keys.AllowedEndings, new YamlSequenceNode(settings.AllowedEndings.Select(e => (YamlNode)Scalar(e))));
        copy.Add(Keys.MaxUploadBytes, Scalar(settings.MaxUploadBytes.ToString(CultureInfo.InvariantCulture)));
        copy.Add(Keys.PairingRequestLifetimeMinutes, Scalar(settings.PairingRequestLifetimeMinutes.ToString(CultureInfo.InvariantCulture)));
        copy.Add(Keys.MaxPendingPairingRequests, Scalar(settings.MaxPendingPairingRequests.ToString(CultureInfo.InvariantCulture)));
        copy.Add(Keys.MaxPendingPairingRequestsPerSource, Scalar(settings.MaxPendingPairingRequestsPerSource.ToString(CultureInfo.InvariantCulture)));
        copy.Add(Keys.PseudonymKey, Scalar(settings.PseudonymKey));
        copy.Add(Keys.SetTags, new YamlSequenceNode(settings.SetTags.Select(t => (YamlNode)new YamlScalarNode(t))));
        copy.Add(Keys.ExcludingSetTags, new YamlSequenceNode(settings.ExcludingSetTags.Select(t => (YamlNode)new YamlScalarNode(t))));
        copy.Add(Keys.SilentDays, Scalar(settings.SilentDays.ToString(CultureInfo.InvariantCulture)));
        return new ConfigDocument(copy);
    }

    public string ToYaml()
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        writer.WriteLine("# RecordingFunctions configuration: conf/config.sample.yml in the repository documents every key.");
        new YamlStream(new YamlDocument(_root)).Save(writer, assignAnchors: false);
        return writer.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal);
    }

    private static YamlScalarNode Scalar(string value) => new(value) { Style = ScalarStyle.Plain };

    private static YamlScalarNode Scalar(bool value) => new(value ? "true" : "false");

    private YamlNode? Node(string key) =>
        _root.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private string? ReadString(string key) => Node(key) switch
    {
        null => null,
        YamlScalarNode { Value: var value } when string.IsNullOrEmpty(value) || value is "~" or "null" => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw new ConfigFormatException($"'{key}' must be a single value"),
    };

    private bool? ReadBool(string key) => ReadString(key)?.ToLowerInvariant() switch
    {
        null => null,
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        var other => throw new ConfigFormatException($"'{key}' must be true or false, not '{other}'"),
    };

    private long? ReadLong(string key) => ReadString(key) switch
    {
        null => null,
        var text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 => value,
        var text => throw new ConfigFormatException($"'{key}' must be a positive whole number, not '{text}'"),
    };

    private int? ReadInt(string key) => ReadLong(key) switch
    {
        null => null,
        <= int.MaxValue and var value => (int)value,
        _ => throw new ConfigFormatException($"'{key}' is too large"),
    };

    private List<string>? ReadStringList(string key) => Node(key) switch
    {
        null => null,
        YamlSequenceNode sequence => sequence.Children
            .Select(item => item is YamlScalarNode { Value: { } value } && value.Length > 0
                ? value.TrimStart('.').ToLowerInvariant()
                : throw new ConfigFormatException($"'{key}' must be a list of file endings"))
            .ToList(),
        _ => throw new ConfigFormatException($"'{key}' must be a list of file endings"),
    };

    private List<string>? ReadTags(string key) => Node(key) switch
    {
        null => null,
        YamlSequenceNode sequence => sequence.Children
            .Select(item => item is YamlScalarNode { Value: { } value } && StudySettings.IsTag(value)
                ? value.Trim()
                : throw new ConfigFormatException($"'{key}' must be a list of tags of 1 to {StudySettings.MaxTagLength} characters"))
            .Distinct(StringComparer.Ordinal)
            .ToList(),
        _ => throw new ConfigFormatException($"'{key}' must be a list of tags"),
    };

    public static class Keys
    {
        public const string Version = "version";
        public const string ClientSecret = "client_secret";
        public const string AcceptClientSecret = "accept_client_secret";
        public const string User = "user";
        public const string Password = "user_pw";
        public const string HideMicFiles = "hide_mic_files";
        public const string RenameMicFiles = "rename_mic_files";
        public const string PackMicFiles = "pack_mic_files";
        public const string AllowedEndings = "allowed_endings";
        public const string MaxUploadBytes = "max_upload_bytes";
        public const string PairingRequestLifetimeMinutes = "pairing_request_lifetime_minutes";
        public const string MaxPendingPairingRequests = "max_pending_pairing_requests";
        public const string MaxPendingPairingRequestsPerSource = "max_pending_pairing_requests_per_source";
        public const string PseudonymKey = "pseudonym_key";
        public const string SetTags = "set_tags";
        public const string ExcludingSetTags = "excluding_set_tags";
        public const string SilentDays = "participant_silent_days";
    }
}

/// <summary>The known keys as found in a document; null where a key is missing.</summary>
public sealed record PartialSettings(
    string? ClientSecret,
    bool? AcceptClientSecret,
    string? User,
    string? Password,
    bool? HideMicFiles,
    bool? RenameMicFiles,
    bool? PackMicFiles,
    IReadOnlyList<string>? AllowedEndings,
    long? MaxUploadBytes,
    int? PairingRequestLifetimeMinutes,
    int? MaxPendingPairingRequests,
    int? MaxPendingPairingRequestsPerSource,
    string? PseudonymKey,
    IReadOnlyList<string>? SetTags,
    IReadOnlyList<string>? ExcludingSetTags,
    int? SilentDays);

public sealed class ConfigFormatException(string message, Exception? inner = null) : Exception(message, inner);
