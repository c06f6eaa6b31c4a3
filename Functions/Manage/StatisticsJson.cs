namespace RecordingFunctions.Manage;

/// <summary>Figures over a span of recording (a set, a day, a participant), as the set view and a participant's day table show them.</summary>
public sealed record FiguresJson(
    double HoursRecorded,
    int HandWashesMarked,
    int HandWashesDetected,
    int AnsweredYes,
    int AnsweredNo,
    int Compulsive,
    double? MeanTense,
    double? MeanUrge)
{
    public static FiguresJson Of(StatisticsFigures figures) => new(
        Math.Round(figures.RecordedSeconds / 3600, 3),
        figures.HandWashesMarked,
        figures.HandWashesDetected,
        figures.AnsweredYes,
        figures.AnsweredNo,
        figures.Compulsive,
        figures.MeanTense,
        figures.MeanUrge);
}

/// <summary>A set's statistics: its totals and its days.</summary>
public sealed record SetStatisticsJson(
    FiguresJson Totals,
    IEnumerable<SetDayJson> Days,
    long SensorSamples,
    string? AppVersion,
    string? Model,
    DateTimeOffset? Start,
    DateTimeOffset? End)
{
    public static SetStatisticsJson Of(SetStatistics statistics) => new(
        FiguresJson.Of(statistics.Totals),
        statistics.Days.Select(d => new SetDayJson(d.Date, FiguresJson.Of(d.Figures))),
        statistics.SensorSamples,
        statistics.AppVersion,
        statistics.Model,
        statistics.Start,
        statistics.End);
}

public sealed record SetDayJson(DateOnly Date, FiguresJson Figures);

/// <summary>A participant's statistics: totals, the day table (days without data included), and the sets counted and left out.</summary>
public sealed record ParticipantStatisticsJson(
    FiguresJson Totals,
    IEnumerable<ParticipantDayJson> Days,
    int DaysCovered,
    IReadOnlyList<DateOnly> DaysWithoutData,
    DateTimeOffset? LastUpload,
    int Sets,
    int ExcludedSets)
{
    public static ParticipantStatisticsJson Of(ParticipantStatistics statistics) => new(
        FiguresJson.Of(statistics.Totals),
        statistics.Days.Select(d => new ParticipantDayJson(d.Date, d.HasData, FiguresJson.Of(d.Figures))),
        statistics.DaysCovered,
        statistics.DaysWithoutData,
        statistics.LastUpload,
        statistics.Sets,
        statistics.ExcludedSets);
}

public sealed record ParticipantDayJson(DateOnly Date, bool HasData, FiguresJson Figures);
