using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace RecordingFunctions.Statistics;

/// <summary>
/// What one of a set's small files contributes to its statistics, parsed once when the file arrives and kept on the
/// set's index row: a metaInfo json's clock, app version and model; a hand-wash file's time stamps; an evaluation
/// file's answers. Time stamps stay on the boot clock, as the watch wrote them: the metaInfo that turns them into wall
/// time may arrive later.
/// </summary>
public sealed partial record SetFileFacts(string FileName, string Kind)
{
    public const string MetaInfoKind = "metaInfo";
    public const string HandWashesKind = "handWashes";
    public const string EvaluationKind = "evaluation";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The run the file belongs to (<c>&lt;base&gt;_&lt;run&gt;_...</c> or <c>&lt;base&gt;_&lt;i&gt;.&lt;ext&gt;</c>), null when its name has none.</summary>
    public int? Run { get; init; }

    public DateTimeOffset? Date { get; init; }

    public long? StartTimestamp { get; init; }

    public string? AppVersion { get; init; }

    public string? Model { get; init; }

    public IReadOnlyList<long>? HandWashes { get; init; }

    public IReadOnlyList<EvaluationAnswer>? Answers { get; init; }

    /// <summary>The kind of file whose contents count, or null for every other file.</summary>
    public static string? KindOf(string fileName) =>
        AndroidIds.IsMetaInfoFile(fileName) ? MetaInfoKind
        : SensorFileName.IsHandWashTimeStamps(fileName) ? HandWashesKind
        : EvaluationCsv.IsEvaluationFile(fileName) ? EvaluationKind
        : null;

    public static int? RunOf(string fileName) =>
        RunPattern().Match(fileName) is { Success: true } match && int.TryParse(match.Groups["run"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var run)
            ? run
            : null;

    /// <summary>Parses a file of a kind <see cref="KindOf"/> named; content that does not parse contributes nothing.</summary>
    public static SetFileFacts Parse(string kind, string fileName, ReadOnlySpan<byte> content)
    {
        var facts = new SetFileFacts(fileName, kind) { Run = RunOf(fileName) };
        switch (kind)
        {
            case MetaInfoKind:
                var meta = AndroidIds.FromMetaInfo(content, fileName);
                return facts with { Date = meta.Date, StartTimestamp = meta.StartTimestamp, AppVersion = meta.AppVersion, Model = meta.Model };
            case HandWashesKind:
                return facts with { HandWashes = HandWashTimestamps(Encoding.UTF8.GetString(content)) };
            case EvaluationKind:
                return facts with { Answers = EvaluationCsv.Parse(Encoding.UTF8.GetString(content)) };
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind of file that counts");
        }
    }

    /// <summary>The first column of each line, as <see cref="SensorCsv.ReadFirstColumnTimestampsAsync"/> reads it for the preview.</summary>
    private static List<long> HandWashTimestamps(string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return [.. SensorCsv.ReadFirstColumnTimestampsAsync(stream, CancellationToken.None).ToBlockingEnumerable()];
    }

    [GeneratedRegex(@"^[A-Za-z_]+?_(?<run>\d+)(?=[_.])")]
    private static partial Regex RunPattern();
}
