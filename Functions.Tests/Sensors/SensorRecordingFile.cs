using System.Globalization;
using System.IO.Compression;
using RecordingFunctions.Sensors;

namespace RecordingFunctions.Tests.Sensors;

/// <summary>
/// A motion-sensor zip as the watch writes it, generated row by row into a temporary file (never held in memory),
/// together with what the test knows about its rows: their count, time range, longest step and per-axis extremes.
/// </summary>
public sealed class SensorRecordingFile : IDisposable
{
    private SensorRecordingFile(string path) => Path = path;

    public string Path { get; }

    public long Rows { get; private set; }

    public long FirstTimestamp { get; private set; }

    public long LastTimestamp { get; private set; }

    public long LongestStep { get; private set; }

    public double[] Min { get; } = [double.MaxValue, double.MaxValue, double.MaxValue];

    public double[] Max { get; } = [double.MinValue, double.MinValue, double.MinValue];

    /// <summary>Writes <c>android_sensor_&lt;sensor&gt;.csv</c> (with a header line) holding <paramref name="rows"/> in a zip.</summary>
    public static SensorRecordingFile Write(string sensor, IEnumerable<SensorSample> rows)
    {
        var file = new SensorRecordingFile(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sensor-{Guid.NewGuid():N}.zip"));
        using (var output = File.Create(file.Path))
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create))
        using (var csv = new StreamWriter(zip.CreateEntry($"android_sensor_{sensor}.csv", CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 1 << 16))
        {
            csv.Write("timestamp\tx\ty\tz\n");
            var line = new StringBuilder();
            foreach (var row in rows)
            {
                line.Clear();
                line.Append(row.Timestamp.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(row.X.ToString("R", CultureInfo.InvariantCulture)).Append('\t')
                    .Append(row.Y.ToString("R", CultureInfo.InvariantCulture)).Append('\t')
                    .Append(row.Z.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                csv.Write(line);
                file.Note(row);
            }
        }

        return file;
    }

    /// <summary>Rows every <paramref name="stepNanoseconds"/> from <paramref name="start"/>, with a few sharp peaks.</summary>
    public static IEnumerable<SensorSample> Wave(long count, long start, long stepNanoseconds, int seed)
    {
        var random = new Random(seed);
        for (long i = 0; i < count; i++)
        {
            var spike = random.Next(200_000) == 0 ? random.Next(2) == 0 ? 80.0 : -80.0 : 0;
            yield return new SensorSample(
                start + i * stepNanoseconds,
                Math.Round(Math.Sin(i / 500.0) * 9.81 + random.NextDouble() - 0.5 + spike, 5),
                Math.Round(Math.Cos(i / 700.0) * 3 + random.NextDouble() * 0.1, 5),
                Math.Round(random.NextDouble() * 2 - 1 - spike / 2, 5));
        }
    }

    public StreamContent Content() => new(File.OpenRead(Path));

    public void Dispose() => File.Delete(Path);

    private void Note(SensorSample row)
    {
        if (Rows == 0)
        {
            FirstTimestamp = row.Timestamp;
        }
        else
        {
            LongestStep = Math.Max(LongestStep, row.Timestamp - LastTimestamp);
        }

        Rows++;
        LastTimestamp = row.Timestamp;
        double[] values = [row.X, row.Y, row.Z];
        for (var axis = 0; axis < 3; axis++)
        {
            Min[axis] = Math.Min(Min[axis], values[axis]);
            Max[axis] = Math.Max(Max[axis], values[axis]);
        }
    }
}
