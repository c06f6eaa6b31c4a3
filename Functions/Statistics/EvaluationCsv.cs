namespace RecordingFunctions.Statistics;

/// <summary>
/// The watch's evaluation files: one row per detection the watch asked the wearer about,
/// <c>timestamp&lt;TAB&gt;washed 1/0&lt;TAB&gt;compulsive 1/0&lt;TAB&gt;tense 1-5&lt;TAB&gt;urge 1-5</c>, the time stamp in ns
/// on the boot clock like the sensor rows. A row that does not parse (a header, a line cut short) is skipped; a tense
/// or urge outside 1 to 5 counts as not given.
/// </summary>
public static class EvaluationCsv
{
    /// <summary><c>sensor_recording_evaluation_&lt;i&gt;.csv</c> (2021) or <c>evaluation_&lt;run&gt;_....csv</c> (2022); not <c>overallEvaluation</c>.</summary>
    public static bool IsEvaluationFile(string storedName) =>
        storedName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
        && (storedName.StartsWith("evaluation_", StringComparison.Ordinal) || storedName.StartsWith("sensor_recording_evaluation_", StringComparison.Ordinal));

    public static List<EvaluationAnswer> Parse(string text)
    {
        var answers = new List<EvaluationAnswer>();
        foreach (var line in text.Split('\n'))
        {
            if (TryParse(line.TrimEnd('\r'), out var answer))
            {
                answers.Add(answer);
            }
        }

        return answers;
    }

    public static bool TryParse(string line, out EvaluationAnswer answer)
    {
        answer = null!;
        var fields = line.Split('\t');
        if (fields.Length < 5
            || !long.TryParse(fields[0].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestamp)
            || Flag(fields[1]) is not { } washed
            || Flag(fields[2]) is not { } compulsive)
        {
            return false;
        }

        answer = new EvaluationAnswer(timestamp, washed, compulsive, Scale(fields[3]), Scale(fields[4]));
        return true;
    }

    private static bool? Flag(string field) => field.Trim() switch
    {
        "1" => true,
        "0" => false,
        _ => null,
    };

    private static int? Scale(string field) =>
        int.TryParse(field.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 5 ? value : null;
}

/// <summary>One answered detection: the boot-clock time stamp (ns) and the wearer's answers.</summary>
public sealed record EvaluationAnswer(long Timestamp, bool Washed, bool Compulsive, int? Tense, int? Urge);
