using System.Globalization;

namespace RecordingFunctions.Bench;

/// <summary>A process's resident memory now and its high-water mark, in bytes, as Linux reports them in /proc.</summary>
public sealed record ProcessMemory(long Rss, long PeakRss)
{
    public static ProcessMemory Read(int processId)
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kilobytes(line) * 1024;
            }
        }

        return new ProcessMemory(rss, hwm);
    }

    /// <summary>Resets VmHWM to the current RSS (Linux clear_refs "5"); false where the kernel does not allow it.</summary>
    public static bool ResetPeak(int processId)
    {
        try
        {
            File.WriteAllText($"/proc/{processId}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The machine's MemAvailable: what can still be allocated without swapping or the OOM killer.</summary>
    public static long MachineAvailable() =>
        Kilobytes(File.ReadLines("/proc/meminfo").First(line => line.StartsWith("MemAvailable:", StringComparison.Ordinal))) * 1024;

    private static long Kilobytes(string statusLine) =>
        long.Parse(statusLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
