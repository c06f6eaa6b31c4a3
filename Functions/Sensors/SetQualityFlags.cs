namespace RecordingFunctions.Sensors;

/// <summary>Short warnings the page shows beside a set, derived from its sensor files' quality figures.</summary>
public static class SetQualityFlags
{
    public const double LongGapSeconds = 60;
    public const string ExpectedSensor = "accelerometer";

    public static IReadOnlyList<string> For(IReadOnlyList<SensorQuality> quality)
    {
        var flags = new List<string>();
        foreach (var file in quality.Where(q => q.LongestGapSeconds > LongGapSeconds))
        {
            flags.Add($"gap: {file.Sensor} {Number(file.LongestGapSeconds / 60)} min");
        }

        // A sensor sampling at less than half or more than twice the set's usual rate: with two files, the other
        // file's rate; with more, the median of all the set's files, which one odd file cannot drag along (the median
        // of the two others would be their mean).
        if (quality.Count >= 2)
        {
            var setMedian = Median([.. quality.Select(q => q.MeanRateHz)]);
            foreach (var file in quality)
            {
                var median = quality.Count == 2 ? quality.Single(q => !ReferenceEquals(q, file)).MeanRateHz : setMedian;
                if (file.MeanRateHz < 0.5 * median || file.MeanRateHz > 2 * median)
                {
                    flags.Add($"rate: {file.Sensor} {Number(file.MeanRateHz)} Hz");
                }
            }
        }

        // Every run is expected to hold every sensor that any run of the set recorded, and every set an accelerometer.
        var files = quality
            .Select(q => SensorFileName.TryParse(q.FileName, out var parsed) ? parsed : new SensorFileName(q.Sensor, 0))
            .ToHashSet();
        var sensors = files.Select(f => f.Sensor).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var run in files.Select(f => f.Run).Distinct().Order())
        {
            flags.AddRange(sensors.Where(sensor => !files.Contains(new SensorFileName(sensor, run))).Select(sensor => $"missing: {sensor}"));
        }

        if (sensors.Count > 0 && !sensors.Contains(ExpectedSensor))
        {
            flags.Add($"missing: {ExpectedSensor}");
        }

        return [.. flags.Distinct()];
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
