using YamlDotNet.RepresentationModel;

namespace RecordingFunctions.Configuration;

/// <summary>
/// One key of the configuration document, as <see cref="ConfigKeys"/> declares it. The document, its migration, the
/// settings API and the page's settings view all work from the declaration, so a key is named, typed, bounded and
/// given its default in one place.
/// </summary>
public abstract class SettingKey(string yamlName)
{
    /// <summary>The key in the YAML document (the Flask server's name where it had the key).</summary>
    public string YamlName { get; } = yamlName;

    /// <summary>The name in the settings API; null for a key the API never shows (the password hash, the pseudonym key).</summary>
    public string? ApiName { get; init; }

    /// <summary>Whether <c>PUT manage/api/settings</c> changes it; the page's settings view offers exactly these.</summary>
    public bool Editable { get; init; }

    /// <summary>A secret's value never goes into the audit log.</summary>
    public bool Secret { get; init; }

    /// <summary>What the page calls it; also the subject of the API's complaint about a value.</summary>
    public string Label { get; init; } = "";

    /// <summary>The page shows the keys of one group together, under the group's legend and hint.</summary>
    public SettingGroup? Group { get; init; }

    /// <summary>The name the audit log uses: the API's, else the document's.</summary>
    public string Name => ApiName ?? YamlName;

    /// <summary>Whether a document lacking the key takes its value from the first start (a secret, the admin) rather than a fixed default.</summary>
    public abstract bool FromFirstStart { get; }

    /// <summary>Whether the document holds a value for the key.</summary>
    /// <exception cref="ConfigFormatException">The value has the wrong type.</exception>
    public abstract bool IsIn(ConfigDocument document);

    /// <summary>
    /// The settings with this key's value from the document (in its current form), else its default;
    /// <paramref name="migrated"/> when the document lacked the key or held it in an older form.
    /// </summary>
    internal abstract StudySettings Complete(StudySettings settings, ConfigDocument document, FirstStart firstStart, out bool migrated);

    internal abstract YamlNode ToYaml(StudySettings settings);

    internal abstract object? ToJson(StudySettings settings);

    /// <summary>Reads the value sent to the API; returns what the API says about it when it is not acceptable.</summary>
    internal abstract string? TryReadChange(JsonElement sent, DeploymentLimits deployment, out Func<StudySettings, StudySettings> change);

    /// <summary>The value before and after (as text) when it differs; null when it is the same.</summary>
    internal abstract ChangedSetting? Compare(StudySettings before, StudySettings after);

    /// <summary>The page's form field: the key's name, label, kind and limits.</summary>
    internal abstract Dictionary<string, object?> Field(DeploymentLimits deployment);
}

/// <summary>A key whose values are <typeparamref name="T"/>, read and written through <see cref="StudySettings"/>.</summary>
public sealed class SettingKey<T> : SettingKey
{
    private readonly Func<FirstStart, T> _default;
    private readonly Func<StudySettings, T> _get;
    private readonly Func<StudySettings, T, StudySettings> _with;

    /// <summary>A key with a fixed default.</summary>
    public SettingKey(string yamlName, SettingType<T> type, T defaultValue, Func<StudySettings, T> get, Func<StudySettings, T, StudySettings> with)
        : this(yamlName, type, _ => defaultValue, get, with, fromFirstStart: false)
    {
    }

    /// <summary>A key whose first value the first start gives (a new secret, the admin from the app settings).</summary>
    public SettingKey(string yamlName, SettingType<T> type, Func<FirstStart, T> firstValue, Func<StudySettings, T> get, Func<StudySettings, T, StudySettings> with)
        : this(yamlName, type, firstValue, get, with, fromFirstStart: true)
    {
    }

    private SettingKey(
        string yamlName, SettingType<T> type, Func<FirstStart, T> defaultValue, Func<StudySettings, T> get, Func<StudySettings, T, StudySettings> with, bool fromFirstStart)
        : base(yamlName)
    {
        Type = type;
        _default = defaultValue;
        _get = get;
        _with = with;
        FromFirstStart = fromFirstStart;
    }

    public SettingType<T> Type { get; }

    public override bool FromFirstStart { get; }

    /// <summary>The value the document holds, as it holds it (a Flask password still in clear).</summary>
    /// <exception cref="ConfigFormatException">The document lacks the key, or its value has the wrong type.</exception>
    public T ReadFrom(ConfigDocument document) =>
        TryRead(document, out var value) ? value : throw new ConfigFormatException($"'{YamlName}' is missing");

    public override bool IsIn(ConfigDocument document) => TryRead(document, out _);

    internal override StudySettings Complete(StudySettings settings, ConfigDocument document, FirstStart firstStart, out bool migrated)
    {
        if (TryRead(document, out var stored))
        {
            var current = Type.Migrated(stored);
            migrated = !Type.Same(stored, current);
            return _with(settings, current);
        }

        migrated = true;
        return _with(settings, _default(firstStart));
    }

    internal override YamlNode ToYaml(StudySettings settings) => Type.ToYaml(_get(settings));

    internal override object? ToJson(StudySettings settings) => Type.ToJson(_get(settings));

    internal override string? TryReadChange(JsonElement sent, DeploymentLimits deployment, out Func<StudySettings, StudySettings> change)
    {
        change = settings => settings;
        if (!Type.TryReadJson(sent, out var value))
        {
            return $"{ApiName} must be {Type.JsonKind}";
        }

        if (Type.Problem(value, deployment) is { } problem)
        {
            return $"{Label} {problem}";
        }

        change = settings => _with(settings, value);
        return null;
    }

    internal override ChangedSetting? Compare(StudySettings before, StudySettings after)
    {
        var (old, now) = (_get(before), _get(after));
        if (Type.Same(old, now))
        {
            return null;
        }

        return Secret ? new ChangedSetting(Name, null, null) : new ChangedSetting(Name, Type.ToText(old), Type.ToText(now));
    }

    internal override Dictionary<string, object?> Field(DeploymentLimits deployment)
    {
        var field = new Dictionary<string, object?>
        {
            ["name"] = ApiName,
            ["label"] = Label,
            ["group"] = Group is null ? null : new { legend = Group.Legend, hint = Group.Hint },
        };
        Type.Describe(field, deployment);
        return field;
    }

    private bool TryRead(ConfigDocument document, out T value)
    {
        value = default!;
        return document.Node(YamlName) is { } node && Type.TryRead(node, YamlName, out value);
    }
}

/// <summary>Keys the page shows together: a fieldset with this legend and hint.</summary>
public sealed record SettingGroup(string Legend, string Hint);
