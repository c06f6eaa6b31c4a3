using System.Numerics;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RecordingFunctions.Configuration;

/// <summary>true or false; a document may also say yes/no or on/off, as YAML 1.1 and the Flask server's documents did.</summary>
public sealed class Flag : SettingType<bool>
{
    public override bool TryRead(YamlNode node, string key, out bool value)
    {
        value = false;
        switch (YamlScalars.Text(node, key)?.ToLowerInvariant())
        {
            case null:
                return false;
            case "true" or "yes" or "on":
                value = true;
                return true;
            case "false" or "no" or "off":
                return true;
            case var other:
                throw new ConfigFormatException($"'{key}' must be true or false, not '{other}'");
        }
    }

    public override YamlNode ToYaml(bool value) => new YamlScalarNode(value ? "true" : "false");

    public override bool TryReadJson(JsonElement json, out bool value)
    {
        value = json.ValueKind == JsonValueKind.True;
        return json.ValueKind is JsonValueKind.True or JsonValueKind.False;
    }

    public override string JsonKind => "true or false";

    public override object ToJson(bool value) => value;

    public override bool Same(bool a, bool b) => a == b;

    public override string ToText(bool value) => value ? "true" : "false";

    public override void Describe(IDictionary<string, object?> field, DeploymentLimits deployment) => field["type"] = "flag";
}

/// <summary>A positive whole number, as the document and the API write it; the kinds below differ in their limits.</summary>
public abstract class PositiveNumber<T> : SettingType<T>
    where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
{
    public override bool TryRead(YamlNode node, string key, out T value)
    {
        value = T.Zero;
        switch (YamlScalars.PositiveWholeNumber(node, key))
        {
            case null:
                return false;
            case var number when number <= long.CreateSaturating(T.MaxValue):
                value = T.CreateChecked(number.Value);
                return true;
            default:
                throw new ConfigFormatException($"'{key}' is too large");
        }
    }

    public override YamlNode ToYaml(T value) => YamlScalars.Plain(ToText(value));

    public override bool TryReadJson(JsonElement json, out T value)
    {
        value = T.Zero;
        if (json.ValueKind != JsonValueKind.Number || !json.TryGetInt64(out var number)
            || number < long.CreateSaturating(T.MinValue) || number > long.CreateSaturating(T.MaxValue))
        {
            return false;
        }

        value = T.CreateChecked(number);
        return true;
    }

    public override object ToJson(T value) => value;

    public override bool Same(T a, T b) => a == b;

    public override string ToText(T value) => value.ToString(null, CultureInfo.InvariantCulture);
}

/// <summary>A whole number (of <paramref name="unit"/> where one is given); the API takes <paramref name="min"/> to <paramref name="max"/>.</summary>
public sealed class WholeNumber(int min, int max, string? unit = null) : PositiveNumber<int>
{
    public override string JsonKind => "a whole number";

    public override string? Problem(int value, DeploymentLimits deployment) =>
        value < min || value > max ? $"must be from {min} to {max}" + (unit is null ? "" : $" {unit}") : null;

    public override void Describe(IDictionary<string, object?> field, DeploymentLimits deployment)
    {
        field["type"] = "number";
        field["min"] = min;
        field["max"] = max;
        field["unit"] = unit;
    }
}

/// <summary>A size in bytes; the API takes <paramref name="min"/> up to the deployment's largest upload, which the Functions host enforces whatever the document says.</summary>
public sealed class ByteSize(long min) : PositiveNumber<long>
{
    public override string JsonKind => "a whole number of bytes";

    public override string? Problem(long value, DeploymentLimits deployment) =>
        value < min || value > deployment.MaxUploadBytes
            ? $"must be from {min} bytes to {deployment.MaxUploadBytes} bytes (the deployment's limit, app setting {DeploymentLimits.MaxUploadBytesAppSetting})"
            : null;

    public override void Describe(IDictionary<string, object?> field, DeploymentLimits deployment)
    {
        field["type"] = "bytes";
        field["min"] = min;
        field["max"] = deployment.MaxUploadBytes;
    }
}

/// <summary>One line of text; the API takes 1 to <paramref name="maxLength"/> characters, trimmed, none of them <paramref name="forbidden"/>.</summary>
public class Text(int maxLength = int.MaxValue, string forbidden = "") : SettingType<string>
{
    public override bool TryRead(YamlNode node, string key, out string value)
    {
        value = YamlScalars.Text(node, key) ?? "";
        return value.Length > 0;
    }

    public override YamlNode ToYaml(string value) => YamlScalars.Plain(value);

    public override bool TryReadJson(JsonElement json, out string value)
    {
        value = json.ValueKind == JsonValueKind.String ? json.GetString()!.Trim() : "";
        return json.ValueKind == JsonValueKind.String;
    }

    public override string JsonKind => "a text";

    public override string? Problem(string value, DeploymentLimits deployment) =>
        value.Length == 0 || value.Length > maxLength || value.AsSpan().IndexOfAny(forbidden) >= 0
            ? $"needs 1 to {maxLength} characters" + (forbidden.Length > 0 ? $" and no '{forbidden}'" : "")
            : null;

    public override object ToJson(string value) => value;

    public override bool Same(string a, string b) => string.Equals(a, b, StringComparison.Ordinal);

    public override string ToText(string value) => value;

    public override void Describe(IDictionary<string, object?> field, DeploymentLimits deployment)
    {
        field["type"] = "text";
        field["maxLength"] = maxLength;
    }
}

/// <summary>The admin's password as a salted slow hash; a password the Flask server left in clear is hashed when migrated.</summary>
public sealed class PasswordHash : Text
{
    public override string Migrated(string value) => PasswordHashing.IsHash(value) ? value : PasswordHashing.Hash(value);
}

/// <summary>A list of texts, one per line in the document and comma-separated in the page.</summary>
public abstract class TextList : SettingType<IReadOnlyList<string>>
{
    public override bool TryReadJson(JsonElement json, out IReadOnlyList<string> value)
    {
        value = [];
        if (json.ValueKind != JsonValueKind.Array || json.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            return false;
        }

        value = Normalized(json.EnumerateArray().Select(item => item.GetString()!));
        return true;
    }

    public override string JsonKind => "a list of texts";

    public override object ToJson(IReadOnlyList<string> value) => value;

    public override bool Same(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.SequenceEqual(b, StringComparer.Ordinal);

    public override string ToText(IReadOnlyList<string> value) => $"[{string.Join(", ", value)}]";

    public override void Describe(IDictionary<string, object?> field, DeploymentLimits deployment) => field["type"] = "list";

    protected abstract IReadOnlyList<string> Normalized(IEnumerable<string> items);
}

/// <summary>File endings such as <c>csv</c>: without the dot, in lower case; the API takes a non-empty list of letters and digits.</summary>
public sealed partial class FileEndings : TextList
{
    [GeneratedRegex("^[a-z0-9]{1,10}$")]
    private static partial Regex Ending();

    public override bool TryRead(YamlNode node, string key, out IReadOnlyList<string> value)
    {
        value = node is YamlSequenceNode sequence
            ? Normalized(sequence.Children.Select(item => item is YamlScalarNode { Value: { Length: > 0 } ending }
                ? ending
                : throw new ConfigFormatException($"'{key}' must be a list of file endings")))
            : throw new ConfigFormatException($"'{key}' must be a list of file endings");
        return true;
    }

    public override YamlNode ToYaml(IReadOnlyList<string> value) => new YamlSequenceNode(value.Select(ending => (YamlNode)YamlScalars.Plain(ending)));

    public override string? Problem(IReadOnlyList<string> value, DeploymentLimits deployment) =>
        value.Count == 0 || value.Any(ending => !Ending().IsMatch(ending))
            ? "must be a non-empty list of endings such as \"csv\" (letters and digits)"
            : null;

    protected override IReadOnlyList<string> Normalized(IEnumerable<string> items) =>
        [.. items.Select(ending => ending.Trim().TrimStart('.').ToLowerInvariant()).Distinct(StringComparer.Ordinal)];
}

/// <summary>Tags of 1 to <see cref="MaxLength"/> characters, trimmed, each once.</summary>
public sealed class TagList : TextList
{
    public const int MaxLength = 40;

    public override bool TryRead(YamlNode node, string key, out IReadOnlyList<string> value)
    {
        if (node is not YamlSequenceNode sequence)
        {
            throw new ConfigFormatException($"'{key}' must be a list of tags");
        }

        value = Normalized(sequence.Children.Select(item => item is YamlScalarNode { Value: { } tag }
            ? tag
            : throw new ConfigFormatException($"'{key}' must be a list of tags of 1 to {MaxLength} characters")));
        if (value.Any(tag => !IsTag(tag)))
        {
            throw new ConfigFormatException($"'{key}' must be a list of tags of 1 to {MaxLength} characters");
        }

        return true;
    }

    public override YamlNode ToYaml(IReadOnlyList<string> value) => new YamlSequenceNode(value.Select(tag => (YamlNode)new YamlScalarNode(tag)));

    public override string? Problem(IReadOnlyList<string> value, DeploymentLimits deployment) =>
        value.All(IsTag) ? null : $"must be a list of tags of 1 to {MaxLength} characters";

    protected override IReadOnlyList<string> Normalized(IEnumerable<string> items) =>
        [.. items.Select(tag => tag.Trim()).Distinct(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="tag"/>, trimmed, can be one of the study's tags: the one rule, also for tags imported from the Flask server.</summary>
    public static bool IsTag(string? tag) => tag?.Trim() is { Length: > 0 and <= MaxLength };
}

/// <summary>The scalar values every type reads and writes.</summary>
internal static class YamlScalars
{
    /// <returns>The scalar's text; null for a value left empty (<c>~</c>, <c>null</c> or nothing).</returns>
    /// <exception cref="ConfigFormatException">The value is a list or a mapping.</exception>
    public static string? Text(YamlNode node, string key) => node switch
    {
        YamlScalarNode { Value: var value } when string.IsNullOrEmpty(value) || value is "~" or "null" => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw new ConfigFormatException($"'{key}' must be a single value"),
    };

    public static long? PositiveWholeNumber(YamlNode node, string key) => Text(node, key) switch
    {
        null => null,
        var text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 => value,
        var text => throw new ConfigFormatException($"'{key}' must be a positive whole number, not '{text}'"),
    };

    public static YamlScalarNode Plain(string value) => new(value) { Style = ScalarStyle.Plain };
}
