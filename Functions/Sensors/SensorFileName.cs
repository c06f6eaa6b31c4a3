using System.Text.RegularExpressions;

namespace RecordingFunctions.Sensors;

/// <summary>
/// What the watch's file names say about motion-sensor and hand-wash files. 2021 apps name a sensor zip
/// <c>android_sensor_&lt;sensor&gt;_&lt;i&gt;.zip</c>; 2022 apps <c>android_sensor_&lt;sensor&gt;_&lt;run&gt;_&lt;time&gt;_&lt;android_id&gt;.zip</c>,
/// stored with the ':' of the time replaced by '_'. Sensor names may hold underscores (<c>magnetic_field</c>).
/// </summary>
public sealed partial record SensorFileName(string Sensor, int Run)
{
    public static bool TryParse(string storedName, out SensorFileName parsed)
    {
        var match = Of2022().Match(storedName);
        if (!match.Success)
        {
            match = Of2021().Match(storedName);
        }

        if (match.Success && int.TryParse(match.Groups["run"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var run))
        {
            parsed = new SensorFileName(match.Groups["sensor"].Value, run);
            return true;
        }

        parsed = null!;
        return false;
    }

    public static bool IsSensorZip(string storedName) => TryParse(storedName, out _);

    /// <summary><c>sensor_recording_hand_wash_time_stamps_&lt;i&gt;.csv</c> (2021) or <c>hand_wash_time_stamps_&lt;run&gt;_....csv</c> (2022).</summary>
    public static bool IsHandWashTimeStamps(string storedName) =>
        storedName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
        && (storedName.StartsWith("hand_wash_time_stamps_", StringComparison.Ordinal)
            || storedName.StartsWith("sensor_recording_hand_wash_time_stamps_", StringComparison.Ordinal));

    [GeneratedRegex(@"^android_sensor_(?<sensor>.+?)_(?<run>\d+)_\d{4}-\d{2}-\d{2}T\d{2}[_:]\d{2}\+0000_[^_]+\.zip$")]
    private static partial Regex Of2022();

    [GeneratedRegex(@"^android_sensor_(?<sensor>.+)_(?<run>\d+)\.zip$")]
    private static partial Regex Of2021();
}
