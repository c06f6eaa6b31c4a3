namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>The process's resident memory, from /proc (Linux), with the peak reset so a test can read its own peak.</summary>
public static class ProcessMemory
{
    public static long ResidentBytes() => StatusValue("VmRSS");

    public static long PeakResidentBytes() => StatusValue("VmHWM");

    /// <summary>Writing 5 to clear_refs resets VmHWM to the current resident size.</summary>
    public static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    private static long StatusValue(string key)
    {
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
