namespace RecordingFunctions.Sensors;

/// <summary>
/// Figures of one motion-sensor file, computed once when it arrives. Duration spans the earliest to the latest time
/// stamp; the mean rate is (samples - 1) / duration; the longest gap is the largest step between consecutive rows in
/// file order (a step back in time is not a gap). A file with fewer than two rows has zero duration, rate and gap.
/// </summary>
public sealed record SensorQuality(string FileName, string Sensor, long Samples, double DurationSeconds, double MeanRateHz, double LongestGapSeconds)
{
    /// <summary>The earliest time stamp (ns), so the preview knows a set's time range without a pass over its files; 0 without samples.</summary>
    public long FirstTimestamp { get; init; }

    /// <summary>The latest time stamp (ns); 0 without samples.</summary>
    public long LastTimestamp { get; init; }
}
