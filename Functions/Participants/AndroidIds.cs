using System.Text.RegularExpressions;

namespace RecordingFunctions.Participants;

/// <summary>
/// Where a set tells which watch recorded it: the <c>android_id</c> (and <c>date</c>) of its <c>metaInfo*.json</c>
/// (builds since June 2021), or the <c>[&lt;android_id&gt;]</c> of the identifier the watch paired with (the default
/// identifier since September 2021: <c>&lt;device model&gt;[&lt;android_id&gt;]</c>).
/// </summary>
public static partial class AndroidIds
{
    public const int MaxLength = 64;

    /// <summary>A set's metaInfo file name starts so (<c>metaInfo_&lt;run&gt;_&lt;date&gt;_&lt;android_id&gt;.json</c>).</summary>
    public const string MetaInfoPrefix = "metaInfo";

    /// <summary>An android id in the form kept and compared: trimmed, lower case; null when it is not letters and digits.</summary>
    public static string? Normalize(string? androidId)
    {
        var trimmed = androidId?.Trim();
        return trimmed is { Length: > 0 and <= MaxLength } && trimmed.All(char.IsAsciiLetterOrDigit)
            ? trimmed.ToLowerInvariant()
            : null;
    }

    public static bool IsMetaInfoFile(string fileName) =>
        fileName.StartsWith(MetaInfoPrefix, StringComparison.Ordinal) && fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What a metaInfo json names: the watch, the recording date, the app version, the model, and the boot-clock time
    /// stamp at that date (<c>start_time_stamp</c>, ns), which turns the sets' boot-clock time stamps into wall time.
    /// Each is null when absent or unreadable.
    /// </summary>
    public static MetaInfo FromMetaInfo(ReadOnlySpan<byte> json, string fileName)
    {
        string? androidId = null;
        DateTimeOffset? date = null;
        string? appVersion = null, model = null;
        long? startTimestamp = null;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("android_id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    androidId = Normalize(id.GetString());
                }

                if (root.TryGetProperty("date", out var dateText) && dateText.ValueKind == JsonValueKind.String)
                {
                    date = ParseDateWithOffset(dateText.GetString()!);
                }

                appVersion = Text(root, "app_version") ?? Text(root, "version");
                model = Text(root, "tf_model") ?? Text(root, "model");
                startTimestamp = Timestamp(root, "start_time_stamp");
            }
        }
        catch (JsonException)
        {
            // A file cut short or not JSON names nothing; the identifier may still.
        }

        return new MetaInfo(androidId, date?.ToUniversalTime() ?? DateInFileName(fileName))
        {
            Date = date,
            AppVersion = appVersion,
            Model = model,
            StartTimestamp = startTimestamp,
        };
    }

    /// <summary>A string or number property as text (trimmed, at most 200 characters), or null.</summary>
    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            && (value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()).Trim() is { Length: > 0 and <= 200 } text
            ? text
            : null;

    /// <summary>A time stamp written as a JSON integer or as a string of digits, or null.</summary>
    private static long? Timestamp(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) switch
        {
            true when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) => number,
            true when value.ValueKind == JsonValueKind.String
                && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };

    /// <summary>The android id in an identifier such as <c>SM-R860[3f2a9c0d1e4b5a67]</c>, or null.</summary>
    public static string? FromIdentifier(string? identifier) =>
        identifier is not null && IdentifierPattern().Match(identifier) is { Success: true } match ? Normalize(match.Groups["id"].Value) : null;

    /// <summary>The alias part of an identifier <c>&lt;alias&gt;[&lt;android_id&gt;]</c> (what precedes the brackets), or null.</summary>
    public static string? AliasInIdentifier(string? identifier) =>
        identifier is not null && IdentifierPattern().Match(identifier) is { Success: true } match && match.Groups["alias"].Value.Trim() is { Length: > 0 } alias
            ? alias
            : null;

    /// <summary>
    /// The recording date as written in <c>metaInfo.date</c>: an ISO 8601 time (UTC when it names no offset), or a
    /// time as Java's <c>Date.toString()</c> writes it (<c>Fri Jun 11 14:03:12 GMT+02:00 2021</c>). A zone named only by
    /// an abbreviation such as <c>CEST</c> gives no date: abbreviations are ambiguous, and a wrong hour would pick the
    /// wrong participant around a hand-over.
    /// </summary>
    public static DateTimeOffset? ParseDate(string text) => ParseDateWithOffset(text)?.ToUniversalTime();

    /// <summary>As <see cref="ParseDate"/>, keeping the offset the watch wrote: the wearer's local day follows from it.</summary>
    public static DateTimeOffset? ParseDateWithOffset(string text)
    {
        text = text.Trim();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
        {
            return iso;
        }

        if (JavaDatePattern().Match(text) is { Success: true } java
            && (java.Groups["offset"].Success || java.Groups["zone"].Value is "UTC" or "GMT")
            && DateTime.TryParseExact($"{java.Groups["date"].Value} {java.Groups["year"].Value}", "MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var offset = java.Groups["offset"].Success
                ? new TimeSpan(int.Parse(java.Groups["hours"].Value, CultureInfo.InvariantCulture), int.Parse(java.Groups["minutes"].Value, CultureInfo.InvariantCulture), 0)
                : TimeSpan.Zero;
            return new DateTimeOffset(local, java.Groups["sign"].Value == "-" ? -offset : offset);
        }

        return null;
    }

    /// <summary>The <c>yyyy-MM-ddTHH:mm+0000</c> part of file names since April 2021 (with <c>:</c> stored as <c>_</c>).</summary>
    private static DateTimeOffset? DateInFileName(string fileName) =>
        FileNameDatePattern().Match(fileName) is { Success: true } match
            && DateTimeOffset.TryParseExact(match.Groups["date"].Value + match.Groups["time"].Value + match.Groups["minutes"].Value, "yyyy-MM-ddHHmm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;

    [GeneratedRegex(@"^(?<alias>.*)\[(?<id>[^\[\]]+)\]\s*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"^[A-Za-z]{3} (?<date>[A-Za-z]{3} \d{1,2} \d{2}:\d{2}:\d{2}) (?<zone>[A-Z]{2,5})(?<offset>(?<sign>[+-])(?<hours>\d{2}):?(?<minutes>\d{2}))? (?<year>\d{4})$")]
    private static partial Regex JavaDatePattern();

    [GeneratedRegex(@"_(?<date>\d{4}-\d{2}-\d{2})T(?<time>\d{2})[_:](?<minutes>\d{2})\+0000_")]
    private static partial Regex FileNameDatePattern();
}

/// <summary>What a set's metaInfo json says about its watch and when it recorded.</summary>
public sealed record MetaInfo(string? AndroidId, DateTimeOffset? RecordedAt)
{
    /// <summary><c>date</c> as written, with the watch's offset; unlike <see cref="RecordedAt"/> never taken from the file name.</summary>
    public DateTimeOffset? Date { get; init; }

    public string? AppVersion { get; init; }

    public string? Model { get; init; }

    /// <summary>The boot-clock time stamp (ns) taken at <see cref="Date"/>.</summary>
    public long? StartTimestamp { get; init; }
}
