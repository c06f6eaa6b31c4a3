using YamlDotNet.RepresentationModel;

namespace RecordingFunctions.Configuration;

/// <summary>
/// How values of one kind are read from the document and from the API, written back, checked, compared and described
/// to the page. A document is held to the type alone; the limits bound what the settings API accepts, so a document
/// edited by hand never stops parsing over a limit (the deployment's largest upload, for one, differs by deployment).
/// </summary>
public abstract class SettingType<T>
{
    /// <summary>Reads the value at a document's key; false for a value left empty, which counts as missing.</summary>
    /// <exception cref="ConfigFormatException">The value has the wrong type.</exception>
    public abstract bool TryRead(YamlNode node, string key, out T value);

    public abstract YamlNode ToYaml(T value);

    /// <summary>A stored value in its current form; only a password left in clear by the Flask server changes (it is hashed).</summary>
    public virtual T Migrated(T value) => value;

    /// <summary>Reads a value sent to the API, normalised; false when the JSON is of another kind.</summary>
    public abstract bool TryReadJson(JsonElement json, out T value);

    /// <summary>The kind of JSON <see cref="TryReadJson"/> takes, for the API's complaint about another kind.</summary>
    public abstract string JsonKind { get; }

    /// <summary>What is wrong with a value sent to the API (completing "{label} ..."), or null when it is within the limits.</summary>
    public virtual string? Problem(T value, DeploymentLimits deployment) => null;

    public abstract object? ToJson(T value);

    public abstract bool Same(T a, T b);

    /// <summary>The value as the audit log shows it.</summary>
    public abstract string ToText(T value);

    /// <summary>Adds the page's form field kind and limits (<c>type</c>, and <c>min</c>, <c>max</c>, <c>unit</c> where they apply).</summary>
    public abstract void Describe(IDictionary<string, object?> field, DeploymentLimits deployment);
}
