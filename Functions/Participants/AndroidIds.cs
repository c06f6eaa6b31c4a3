using System.Globalization;
using System.Text.Json;
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

    /// <summary>The android id and recording date a metaInfo json names; either is null when absent or unreadable.</summary>
    public static MetaInfo FromMetaInfo(ReadOnlySpan<byte> json, string fileName)
    {
        string? androidId = null;
        DateTimeOffset? date = null;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (document.RootElement.TryGetProperty("android_id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    androidId = Normalize(id.GetString());
                }

                if (document.RootElement.TryGetProperty("date", out var dateText) && dateText.ValueKind == JsonValueKind.String)
                {
                    date = ParseDate(dateText.GetString()!);
                }
            }
        }
        catch (JsonException)
        {
            // A file cut short or not JSON names nothing; the identifier may still.
        }

        return new MetaInfo(androidId, date ?? DateInFileName(fileName));
    }

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
    public static DateTimeOffset? ParseDate(string text)
    {
        text = text.Trim();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var iso))
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
            return new DateTimeOffset(local, java.Groups["sign"].Value == "-" ? -offset : offset).ToUniversalTime();
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
public sealed record MetaInfo(string? AndroidId, DateTimeOffset? RecordedAt);
