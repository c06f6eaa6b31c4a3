using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RecordingFunctions.Configuration;

/// <summary>
/// The YAML configuration document. The keys <see cref="ConfigKeys"/> declares are read and written through their
/// types; keys the app does not know are kept untouched when the document is written back.
/// </summary>
public sealed class ConfigDocument
{
    /// <summary>Version 1 is the Flask server's <c>config.yml</c> (it had no version key); 2 holds the password hashed.</summary>
    public const int CurrentVersion = 2;

    private const string VersionKey = "version";
    private static readonly WholeNumber VersionNumber = new(1, CurrentVersion);

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
        _ = document.Version;
        foreach (var key in ConfigKeys.All)
        {
            _ = key.IsIn(document);
        }

        return document;
    }

    public int Version => Node(VersionKey) is { } node && VersionNumber.TryRead(node, VersionKey, out var version) ? version : 1;

    /// <summary>The document with every known key set from <paramref name="settings"/>, unknown keys kept in place.</summary>
    public ConfigDocument With(StudySettings settings)
    {
        var known = ConfigKeys.All.Select(key => key.YamlName).Append(VersionKey).ToHashSet(StringComparer.Ordinal);
        var copy = new YamlMappingNode();
        foreach (var (key, value) in _root.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } || !known.Contains(name))
            {
                copy.Add(key, value);
            }
        }

        copy.Add(VersionKey, VersionNumber.ToYaml(CurrentVersion));
        foreach (var key in ConfigKeys.All)
        {
            copy.Add(key.YamlName, key.ToYaml(settings));
        }

        return new ConfigDocument(copy);
    }

    public string ToYaml()
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        writer.WriteLine("# RecordingFunctions configuration: conf/config.sample.yml in the repository documents every key.");
        new YamlStream(new YamlDocument(_root)).Save(writer, assignAnchors: false);
        return writer.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal);
    }

    internal YamlNode? Node(string key) =>
        _root.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;
}

public sealed class ConfigFormatException(string message, Exception? inner = null) : Exception(message, inner);
