namespace RecordingFunctions.Statistics;

/// <summary>
/// A participant's sets as a table for a spreadsheet: one row per set from its index row (its summary, tags and the
/// statistics the trigger kept). The one place that decides the columns. Fields are quoted as RFC 4180 says (CRLF lines);
/// times are UTC, numbers invariant.
/// </summary>
public static class ParticipantSetsCsv
{
    private static readonly string[] Header =
    [
        "uuid", "recorded_at", "first_upload", "last_upload", "files", "bytes", "device", "android_id", "description", "tags", "flags",
        "recording_start", "recording_end", "recorded_hours", "hand_washes_marked", "hand_washes_detected", "answered_yes", "answered_no",
        "compulsive", "mean_tense", "mean_urge", "app_version", "model",
    ];

    /// <summary>The name the table is downloaded under, and stored under in the participant's export zip.</summary>
    public static string FileName(string participantId) => $"participant-{participantId}-sets.csv";

    /// <summary>The table as the bytes of its download (UTF-8 without a byte order mark).</summary>
    public static byte[] Utf8(IEnumerable<RecordingSetSummary> sets) => Encoding.UTF8.GetBytes(Write(sets));

    public static string Write(IEnumerable<RecordingSetSummary> sets)
    {
        var csv = new StringBuilder();
        AppendRow(csv, Header);
        foreach (var set in sets)
        {
            var statistics = set.Statistics;
            var totals = statistics?.Totals;
            AppendRow(csv,
            [
                set.Id.ToString(),
                Time(set.Assignment.RecordedAt),
                Time(set.FirstUpload),
                Time(set.LastUpload),
                Number(set.FileCount),
                Number(set.TotalBytes),
                set.Device ?? "",
                set.Assignment.AndroidId ?? "",
                set.Description ?? "",
                string.Join("; ", set.Tags),
                string.Join("; ", set.Flags),
                Time(statistics?.Start),
                Time(statistics?.End),
                totals is null ? "" : (totals.RecordedSeconds / 3600).ToString("0.###", CultureInfo.InvariantCulture),
                Number(totals?.HandWashesMarked),
                Number(totals?.HandWashesDetected),
                Number(totals?.AnsweredYes),
                Number(totals?.AnsweredNo),
                Number(totals?.Compulsive),
                Mean(totals?.MeanTense),
                Mean(totals?.MeanUrge),
                statistics?.AppVersion ?? "",
                statistics?.Model ?? "",
            ]);
        }

        return csv.ToString();
    }

    private static string Time(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "";

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Mean(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static void AppendRow(StringBuilder csv, IEnumerable<string> fields) =>
        csv.AppendJoin(',', fields.Select(Quote)).Append("\r\n");

    // A field with a comma, quote or line break is enclosed in quotes, its quotes doubled (RFC 4180, 2.6 and 2.7).
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
