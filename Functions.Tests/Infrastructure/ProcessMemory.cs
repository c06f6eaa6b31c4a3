using System.Globalization;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// A process's resident memory, from /proc (Linux), with the peak reset so a test can read its own peak: this test
/// process by default, or another one (the Functions host and its worker).
/// </summary>
public static class ProcessMemory
{
    public static long ResidentBytes(string process = "self") => StatusValue(process, "VmRSS");

    public static long PeakResidentBytes(string process = "self") => StatusValue(process, "VmHWM");

    /// <summary>Writing 5 to clear_refs resets VmHWM to the current resident size.</summary>
    public static void ResetPeak(string process = "self") => File.WriteAllText($"/proc/{process}/clear_refs", "5");

    /// <summary>The processes whose parent is <paramref name="parent"/>, from each process's stat line.</summary>
    public static IEnumerable<int> Children(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var id))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // the process ended while the list was read
            }

            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
            {
                yield return id;
            }
        }
    }

    private static long StatusValue(string process, string key)
    {
        var line = File.ReadLines($"/proc/{process}/status").Single(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
