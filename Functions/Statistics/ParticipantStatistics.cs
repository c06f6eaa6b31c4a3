namespace RecordingFunctions.Statistics;

/// <summary>
/// A participant's figures, added up from the statistics its sets' rows already hold (no file is read): the totals,
/// one row per day from the first to the last day with data (days without data included, so they show), and the
/// last upload. Sets with an excluding tag are left out of the figures.
/// </summary>
public sealed record ParticipantStatistics(
    StatisticsFigures Totals,
    IReadOnlyList<ParticipantDay> Days,
    int DaysCovered,
    IReadOnlyList<DateOnly> DaysWithoutData,
    DateTimeOffset? LastUpload,
    int Sets,
    int ExcludedSets)
{
    /// <param name="excludingTags">A set with one of these tags is left out of the figures (not of the last upload).</param>
    public static ParticipantStatistics For(IEnumerable<RecordingSetSummary> sets, IReadOnlyCollection<string> excludingTags)
    {
        var all = sets.ToList();
        var counted = all.Where(s => !s.Tags.Any(excludingTags.Contains)).ToList();
        var days = new SortedDictionary<DateOnly, StatisticsFigures>();
        var totals = StatisticsFigures.None;
        foreach (var statistics in counted.Select(s => s.Statistics).OfType<SetStatistics>())
        {
            totals = totals.Plus(statistics.Totals);
            foreach (var day in statistics.Days)
            {
                days[day.Date] = days.TryGetValue(day.Date, out var known) ? known.Plus(day.Figures) : day.Figures;
            }
        }

        var withData = days.Where(d => d.Value.HasData).Select(d => d.Key).ToList();
        var table = new List<ParticipantDay>();
        if (withData.Count > 0)
        {
            for (var date = withData[0]; date <= withData[^1]; date = date.AddDays(1))
            {
                var figures = days.GetValueOrDefault(date) ?? StatisticsFigures.None;
                table.Add(new ParticipantDay(date, figures, figures.HasData));
            }
        }

        return new ParticipantStatistics(
            totals,
            table,
            withData.Count,
            [.. table.Where(d => !d.HasData).Select(d => d.Date)],
            all.Select(s => s.LastUpload).Max(),
            counted.Count,
            all.Count - counted.Count);
    }
}

public sealed record ParticipantDay(DateOnly Date, StatisticsFigures Figures, bool HasData);
