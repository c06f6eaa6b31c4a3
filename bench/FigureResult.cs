using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecordingFunctions.Bench;

/// <summary>Which host served the app (and, for the real host, the baseline function) for a figure.</summary>
public static class Hosts
{
    /// <summary>DevHost/: the app's functions on plain ASP.NET Core, in a process of its own.</summary>
    public const string Development = "development host";

    /// <summary>The Azure Functions host (func-host.sh) proxying to the isolated worker, as in Azure.</summary>
    public const string Functions = "real Functions host";
}

/// <summary>One line of the results: ours against a baseline measured in the same run, and the goal for the ratio.</summary>
public sealed record FigureResult(
    [property: JsonPropertyName("figure")] string Figure,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("ours")] double Ours,
    [property: JsonPropertyName("baseline")] double Baseline,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("ratio")] double Ratio,
    [property: JsonPropertyName("goal")] string Goal,
    [property: JsonIgnore] bool? Met,
    [property: JsonPropertyName("note")] string Note)
{
    public static FigureResult Of(string figure, string host, double ours, double baseline, string unit, Goal goal, string note)
    {
        var ratio = baseline == 0 ? 0 : ours / baseline;
        return new FigureResult(figure, host, Round(ours), Round(baseline), unit, Math.Round(ratio, 3), goal.Text, goal.IsMet(ratio), note);
    }

    private static double Round(double value) => Math.Round(value, value >= 100 ? 1 : 3);
}

/// <summary>What the ratio of a figure should be.</summary>
public sealed record Goal(string Text, Func<double, bool?> IsMet)
{
    public static Goal RatioAtLeast(double minimum) => new($"ratio >= {minimum.ToString(CultureInfo.InvariantCulture)}", ratio => ratio >= minimum);

    public static Goal RatioAtMost(double maximum) => new($"ratio <= {maximum.ToString(CultureInfo.InvariantCulture)}", ratio => ratio <= maximum);

    public static Goal RatioBelow(double bound, string meaning) => new($"{meaning} (ratio < {bound.ToString(CultureInfo.InvariantCulture)})", ratio => ratio < bound);

    /// <summary>A figure reported for what it shows, with no target.</summary>
    public static Goal None(string meaning) => new(meaning, _ => null);
}

/// <summary>The table on the terminal and <c>bench/results.json</c>.</summary>
public static class ResultsReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Write(string path, IReadOnlyList<FigureResult> results) =>
        File.WriteAllText(path, JsonSerializer.Serialize(results, Json) + "\n");

    public static void Print(IReadOnlyList<FigureResult> results, IReadOnlyList<(string Figure, string Reason)> skipped, bool quick)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(MachineFacts());
        var rows = results.Select(r => new[]
        {
            r.Figure, r.Host, r.Ours.ToString("0.###", c), r.Baseline.ToString("0.###", c), r.Unit, r.Ratio.ToString("0.###", c), r.Goal,
            r.Met switch { true => "met", false => "MISSED", null => "n/a" },
        }).ToList();
        string[] header = ["figure", "host", "ours", "baseline", "unit", "ratio", "goal", ""];
        var widths = header.Select((h, i) => rows.Select(row => row[i].Length).Append(h.Length).Max()).ToArray();
        Console.WriteLine(Line(header, widths));
        Console.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Console.WriteLine(Line(row, widths));
        }

        Console.WriteLine();
        foreach (var result in results.Where(r => r.Note.Length > 0))
        {
            Console.WriteLine($"  {result.Figure} [{result.Host}]: {result.Note}");
        }

        if (skipped.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Not measured:");
            foreach (var (figure, reason) in skipped)
            {
                Console.WriteLine($"  {figure}: {reason}");
            }
        }

        var missed = results.Where(r => r.Met == false).Select(r => r.Figure).ToList();
        Console.WriteLine();
        Console.WriteLine(quick
            ? "Quick run: sizes are tiny, goals are reported, not judged."
            : missed.Count == 0 ? "Every goal was met." : $"Goals missed: {string.Join("; ", missed)}");
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((cell, i) => i is 2 or 3 or 5 ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd();

    private static string MachineFacts()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var load = string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        return $"Machine: {Environment.ProcessorCount} CPUs ({cpu}), memory {memory}, {Environment.OSVersion}, .NET {Environment.Version}; storage: Azurite on 127.0.0.1; " +
            $"load average now (1, 5, 15 min): {load}";
    }
}
