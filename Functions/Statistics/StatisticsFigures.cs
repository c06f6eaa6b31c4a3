using System.Text.Json.Serialization;

namespace RecordingFunctions.Statistics;

/// <summary>
/// Counts over a span of recording (a set, a day, a participant). Tense and urge are kept as sums and counts, so
/// that figures of several sets add up exactly and the means follow from them.
/// </summary>
public sealed record StatisticsFigures
{
    public static readonly StatisticsFigures None = new();

    public double RecordedSeconds { get; init; }

    /// <summary>Hand washes the wearer marked (rows of the hand-wash time stamp files).</summary>
    public int HandWashesMarked { get; init; }

    /// <summary>Hand washes the watch detected and asked about (rows of the evaluation files).</summary>
    public int HandWashesDetected { get; init; }

    /// <summary>Answers "I washed" to a detection.</summary>
    public int AnsweredYes { get; init; }

    public int AnsweredNo { get; init; }

    /// <summary>Washes the wearer called compulsive.</summary>
    public int Compulsive { get; init; }

    public int TenseSum { get; init; }

    public int TenseCount { get; init; }

    public int UrgeSum { get; init; }

    public int UrgeCount { get; init; }

    [JsonIgnore]
    public double? MeanTense => TenseCount > 0 ? (double)TenseSum / TenseCount : null;

    [JsonIgnore]
    public double? MeanUrge => UrgeCount > 0 ? (double)UrgeSum / UrgeCount : null;

    /// <summary>Whether anything was recorded, marked or answered.</summary>
    [JsonIgnore]
    public bool HasData => RecordedSeconds > 0 || HandWashesMarked > 0 || HandWashesDetected > 0;

    public StatisticsFigures Plus(StatisticsFigures other) => new()
    {
        RecordedSeconds = RecordedSeconds + other.RecordedSeconds,
        HandWashesMarked = HandWashesMarked + other.HandWashesMarked,
        HandWashesDetected = HandWashesDetected + other.HandWashesDetected,
        AnsweredYes = AnsweredYes + other.AnsweredYes,
        AnsweredNo = AnsweredNo + other.AnsweredNo,
        Compulsive = Compulsive + other.Compulsive,
        TenseSum = TenseSum + other.TenseSum,
        TenseCount = TenseCount + other.TenseCount,
        UrgeSum = UrgeSum + other.UrgeSum,
        UrgeCount = UrgeCount + other.UrgeCount,
    };

    public static StatisticsFigures Of(EvaluationAnswer answer) => new()
    {
        HandWashesDetected = 1,
        AnsweredYes = answer.Washed ? 1 : 0,
        AnsweredNo = answer.Washed ? 0 : 1,
        Compulsive = answer.Compulsive ? 1 : 0,
        TenseSum = answer.Tense ?? 0,
        TenseCount = answer.Tense is null ? 0 : 1,
        UrgeSum = answer.Urge ?? 0,
        UrgeCount = answer.Urge is null ? 0 : 1,
    };
}

/// <summary>The figures of one calendar day, the wearer's local day where the set's metaInfo names the offset.</summary>
public sealed record DayFigures(DateOnly Date, StatisticsFigures Figures);
