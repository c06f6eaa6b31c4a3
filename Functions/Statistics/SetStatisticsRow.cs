namespace RecordingFunctions.Statistics;

/// <summary>
/// The statistics kept on a set's index row: the facts of its small files (<c>StatisticsFiles</c>), and what follows
/// from them and the sensor quality figures (<c>Statistics</c>, its days in <c>StatisticsDays</c>). Every change to
/// either input recomputes the figures in the same conditional write, so concurrent triggers cannot leave stale ones.
/// </summary>
public static class SetStatisticsRow
{
    private const string FactsProperty = "StatisticsFiles";
    private const string StatisticsProperty = "Statistics";
    private const string DaysProperty = "StatisticsDays";
    private const string TagsProperty = "Tags";

    public static IReadOnlyList<string> ReadTags(TableEntity row) =>
        row.GetString(TagsProperty) is { Length: > 0 } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [];

    /// <returns>Whether the tags changed.</returns>
    public static bool WriteTags(TableEntity row, IEnumerable<string> tags)
    {
        var before = row.GetString(TagsProperty);
        var kept = tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (kept.Count == 0)
        {
            row.Remove(TagsProperty);
        }
        else
        {
            row[TagsProperty] = JsonSerializer.Serialize(kept);
        }

        return row.GetString(TagsProperty) != before;
    }

    public static List<SetFileFacts> ReadFacts(TableEntity row) => ChunkedJson.Read<SetFileFacts>(row, FactsProperty, SetFileFacts.Json);

    /// <summary>The figures last computed, or null for a row written before statistics existed.</summary>
    public static SetStatistics? Read(TableEntity row) =>
        row.GetString(StatisticsProperty) is { Length: > 0 } json
            ? JsonSerializer.Deserialize<SetStatistics>(json, SetFileFacts.Json)! with { Days = ChunkedJson.Read<DayFigures>(row, DaysProperty, SetFileFacts.Json) }
            : null;

    /// <summary>Keeps <paramref name="facts"/> and recomputes the figures from them and the row's sensor quality.</summary>
    /// <returns>Whether the row changed.</returns>
    public static bool Update(TableEntity row, IEnumerable<SetFileFacts> facts)
    {
        var before = Snapshot(row);
        var kept = facts.OrderBy(f => f.FileName, StringComparer.Ordinal).ToList();
        ChunkedJson.Write(row, FactsProperty, kept, SetFileFacts.Json);
        var assignment = Participants.SetAssignment.From(row);
        var statistics = SetStatistics.Compute(SetQualityRow.Read(row), kept, assignment.RecordedAt ?? row.GetDateTimeOffset(nameof(RecordingSetSummary.FirstUpload)));
        row[StatisticsProperty] = JsonSerializer.Serialize(statistics with { Days = [] }, SetFileFacts.Json);
        ChunkedJson.Write(row, DaysProperty, statistics.Days, SetFileFacts.Json);
        var tags = ReadTags(row).Where(t => t != Configuration.StudySettings.NoDataTag);
        var tagsChanged = WriteTags(row, statistics.SensorSamples == 0 ? tags.Append(Configuration.StudySettings.NoDataTag) : tags);
        return Snapshot(row) != before || tagsChanged;
    }

    private static string Snapshot(TableEntity row) =>
        string.Join('\n', row.Keys.Where(k => k.StartsWith(FactsProperty, StringComparison.Ordinal) || k.StartsWith(StatisticsProperty, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(k => $"{k}={row[k]}"));
}
