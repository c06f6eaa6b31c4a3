namespace RecordingFunctions.Statistics;

/// <summary>
/// A set's statistics, computed by the trigger from its sensor files' quality figures and its small files' facts and
/// kept on its index row. <see cref="Days"/> splits the totals by day; figures the set cannot place on a day (no
/// metaInfo clock and no recording date) are in the totals only.
/// </summary>
public sealed record SetStatistics(
    StatisticsFigures Totals,
    IReadOnlyList<DayFigures> Days,
    long SensorSamples,
    string? AppVersion,
    string? Model,
    DateTimeOffset? Start,
    DateTimeOffset? End)
{
    /// <summary>
    /// The statistics of a set. A file's time stamps (boot clock, ns) become wall time through the metaInfo of its run
    /// (else the set's only or first metaInfo clock): <c>metaInfo.date + (timestamp - metaInfo.start_time_stamp)</c>.
    /// Without a clock everything counts on the day of <paramref name="recordedAt"/> (its UTC day).
    /// </summary>
    public static SetStatistics Compute(IReadOnlyList<SensorQuality> quality, IReadOnlyList<SetFileFacts> facts, DateTimeOffset? recordedAt)
    {
        var metaInfo = facts.Where(f => f.Kind == SetFileFacts.MetaInfoKind).OrderBy(f => f.Run ?? int.MaxValue).ThenBy(f => f.FileName, StringComparer.Ordinal).ToList();
        var clocks = metaInfo
            .Where(f => f is { Date: not null, StartTimestamp: not null })
            .Select(f => (f.Run, Clock: new BootClock(f.Date!.Value, f.StartTimestamp!.Value)))
            .ToList();
        BootClock? ClockOf(int? run) =>
            clocks.FirstOrDefault(c => c.Run == run).Clock ?? clocks.FirstOrDefault().Clock;
        var fallbackDay = metaInfo.Select(f => f.Date).FirstOrDefault(d => d is not null) is { } written
            ? DateOnly.FromDateTime(written.DateTime)
            : recordedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : (DateOnly?)null;

        var totals = StatisticsFigures.None;
        var days = new SortedDictionary<DateOnly, StatisticsFigures>();
        DateTimeOffset? start = null, end = null;
        void Count(DateOnly? day, StatisticsFigures figures)
        {
            totals = totals.Plus(figures);
            if (day is { } date)
            {
                days[date] = days.TryGetValue(date, out var known) ? known.Plus(figures) : figures;
            }
        }

        void Span(DateTimeOffset from, DateTimeOffset to)
        {
            start = start is null || from < start ? from : start;
            end = end is null || to > end ? to : end;
        }

        // A run's sensors record together: its duration spans its files' earliest to latest time stamp.
        foreach (var run in quality.Where(q => q.Samples > 0).GroupBy(q => SetFileFacts.RunOf(q.FileName)))
        {
            var first = run.Min(q => q.FirstTimestamp);
            var last = run.Max(q => q.LastTimestamp);
            if (ClockOf(run.Key) is { } clock && clock.ToWall(first) is { } from && clock.ToWall(last) is { } to && to - from <= MaxRunSpan)
            {
                Span(from, to);
                foreach (var (day, seconds) in SplitByDay(from, to))
                {
                    Count(day, new StatisticsFigures { RecordedSeconds = seconds });
                }
            }
            else
            {
                Count(fallbackDay, new StatisticsFigures { RecordedSeconds = (last - first) / 1e9 });
            }
        }

        foreach (var file in facts)
        {
            var clock = ClockOf(file.Run);
            DateOnly? DayOf(long timestamp) => clock?.ToWall(timestamp) is { } wall ? DateOnly.FromDateTime(wall.DateTime) : fallbackDay;
            foreach (var timestamp in file.HandWashes ?? [])
            {
                Count(DayOf(timestamp), new StatisticsFigures { HandWashesMarked = 1 });
            }

            foreach (var answer in file.Answers ?? [])
            {
                Count(DayOf(answer.Timestamp), StatisticsFigures.Of(answer));
            }
        }

        return new SetStatistics(
            totals,
            [.. days.Select(d => new DayFigures(d.Key, d.Value))],
            quality.Sum(q => q.Samples),
            metaInfo.Select(f => f.AppVersion).FirstOrDefault(v => v is not null),
            metaInfo.Select(f => f.Model).FirstOrDefault(m => m is not null),
            start,
            end);
    }

    /// <summary>A watch records a run for hours; a longer span comes from unreadable time stamps and is not split by day.</summary>
    private static readonly TimeSpan MaxRunSpan = TimeSpan.FromDays(31);

    /// <summary>The seconds of [from, to] on each local day (in the offset of <paramref name="from"/>).</summary>
    internal static IEnumerable<(DateOnly Day, double Seconds)> SplitByDay(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            yield return (DateOnly.FromDateTime(from.DateTime), 0);
            yield break;
        }

        to = to.ToOffset(from.Offset);
        for (var cursor = from; cursor < to;)
        {
            var midnight = new DateTimeOffset(cursor.Date.AddDays(1), from.Offset);
            var until = midnight < to ? midnight : to;
            yield return (DateOnly.FromDateTime(cursor.DateTime), (until - cursor).TotalSeconds);
            cursor = until;
        }
    }
}

/// <summary>
/// The boot clock of one run: <see cref="Date"/> is the wall time at which it read <see cref="StartTimestamp"/> (ns).
/// The Flask server computed <c>start_time_stamp - timestamp</c>, putting every event as far before the start as it was after.
/// </summary>
public sealed record BootClock(DateTimeOffset Date, long StartTimestamp)
{
    /// <summary>Further from the start than this, a time stamp is taken for garbage rather than a time.</summary>
    private static readonly Int128 MaxDistanceNanoseconds = (Int128)TimeSpan.FromDays(400).Ticks * 100;

    /// <summary>The wall time of a time stamp, in the offset of <see cref="Date"/>; null when it is implausibly far from the start.</summary>
    public DateTimeOffset? ToWall(long timestamp)
    {
        var distance = (Int128)timestamp - StartTimestamp;
        return Int128.Abs(distance) > MaxDistanceNanoseconds ? null : Date.AddTicks((long)(distance / 100));
    }
}
