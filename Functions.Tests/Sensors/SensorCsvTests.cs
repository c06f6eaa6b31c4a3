using RecordingFunctions.Sensors;

namespace RecordingFunctions.Tests.Sensors;

/// <summary>Reading the watch's sensor CSV rows, without an app.</summary>
public sealed class SensorCsvTests
{
    [Fact]
    public async Task The_reader_skips_a_header_truncated_and_non_finite_rows()
    {
        var csv = "timestamp\tx\ty\tz\n1\t0.5\t-1.25\t3e2\n2\tNaN\t0\t0\n3\t1\t2\n4\t-0.0\t1.5\t2.5\t9\r\n5\t1\t2";
        var samples = new List<SensorSample>();
        await foreach (var sample in SensorCsv.ReadSamplesAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), CancellationToken.None))
        {
            samples.Add(sample);
        }

        Assert.Equal([new SensorSample(1, 0.5, -1.25, 300), new SensorSample(4, -0.0, 1.5, 2.5)], samples);
    }

    [Fact]
    public async Task The_reader_keeps_rows_split_across_its_buffers_and_drops_a_line_longer_than_a_buffer()
    {
        var expected = SensorRecordingFile.Wave(20_000, 1_000, 7, seed: 9).ToList();
        var csv = new StringBuilder("\uFEFF");
        for (var i = 0; i < expected.Count; i++)
        {
            csv.Append(FormattableString.Invariant($"{expected[i].Timestamp}\t{expected[i].X:R}\t{expected[i].Y:R}\t{expected[i].Z:R}\r\n"));
            if (i == 10_000)
            {
                // A row in its first fields, but too long to hold: dropped, and the rows around it kept.
                csv.Append("5\t1\t2\t3\t").Append('x', 200_000).Append('\n');
            }
        }

        var samples = new List<SensorSample>();
        await foreach (var sample in SensorCsv.ReadSamplesAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), CancellationToken.None))
        {
            samples.Add(sample);
        }

        Assert.Equal(expected, samples);
    }
}
