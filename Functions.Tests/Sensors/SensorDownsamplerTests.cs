using System.Text;
using RecordingFunctions.Sensors;

namespace RecordingFunctions.Tests.Sensors;

public sealed class SensorDownsamplerTests
{
    [Fact]
    public void A_window_with_no_more_rows_than_points_keeps_every_row_in_time_order()
    {
        var downsampler = new SensorDownsampler(1_000, 2_000, points: 3);
        foreach (var sample in new SensorSample[] { new(1_500, 3, 4, 5), new(1_000, 1, 2, 3), new(999, 50, 50, 50), new(2_000, -1, -2, -3), new(2_001, 60, 60, 60) })
        {
            downsampler.Add(sample);
        }

        var series = downsampler.Result(origin: 500);

        Assert.Equal(3, downsampler.TotalSamples);
        Assert.Equal([0.0000005, 0.000001, 0.0000015], series.T);
        Assert.Equal([1.0, 3, -1], series.Min.X);
        Assert.Equal(series.Min.X, series.Max.X);
        Assert.Equal([3.0, 5, -3], series.Max.Z);
    }

    [Fact]
    public void More_rows_than_points_give_at_most_points_buckets_with_each_buckets_extremes_and_no_empty_buckets()
    {
        // 100 buckets of 10 ns over [0, 999]; rows every ns except in [300, 500), so 20 buckets stay empty.
        var downsampler = new SensorDownsampler(0, 999, points: 100);
        for (long t = 0; t < 1_000; t++)
        {
            if (t is < 300 or >= 500)
            {
                downsampler.Add(new SensorSample(t, t % 10, t == 777 ? 1_000 : 0, -t));
            }
        }

        var series = downsampler.Result(origin: 0);

        Assert.Equal(800, downsampler.TotalSamples);
        Assert.Equal(80, series.T.Length);
        Assert.Equal(Enumerable.Range(0, 100).Where(b => b is < 30 or >= 50).Select(b => b * 10 / 1e9), series.T);
        Assert.All(series.Min.X, v => Assert.Equal(0, v));
        Assert.All(series.Max.X, v => Assert.Equal(9, v));
        Assert.Equal(1_000, series.Max.Y.Max());
        Assert.Equal(1_000, series.Max.Y[Array.IndexOf(series.T, 770 / 1e9)]);
        Assert.Equal(-999, series.Min.Z[^1]);
        Assert.Equal(-990, series.Max.Z[^1]);
    }

    [Fact]
    public void The_widest_window_does_not_overflow()
    {
        var downsampler = new SensorDownsampler(0, long.MaxValue, points: 100);
        downsampler.Add(new SensorSample(long.MaxValue, 1, 1, 1));
        downsampler.Add(new SensorSample(0, 2, 2, 2));

        var series = downsampler.Result(origin: 0);

        Assert.Equal(2, series.T.Length);
        Assert.Equal(long.MaxValue / 1e9, series.T[1]);
    }

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

    [Theory]
    [InlineData("android_sensor_accelerometer_0.zip", "accelerometer", 0)]
    [InlineData("android_sensor_magnetic_field_12.zip", "magnetic_field", 12)]
    [InlineData("android_sensor_gyroscope_3_2022-05-01T10_00+0000_f00d1234.zip", "gyroscope", 3)]
    [InlineData("android_sensor_rotation_vector_1_2023-11-30T23_59+0000_ab12.zip", "rotation_vector", 1)]
    public void Sensor_zip_names_of_both_app_generations_give_sensor_and_run(string name, string sensor, int run)
    {
        Assert.True(SensorFileName.TryParse(name, out var parsed));
        Assert.Equal(new SensorFileName(sensor, run), parsed);
    }

    [Theory]
    [InlineData("sensor_recording_mic_0.zip")]
    [InlineData("android_sensor_accelerometer.zip")]
    [InlineData("android_sensor_accelerometer_0.csv")]
    [InlineData("hand_wash_time_stamps_0_2022-05-01T10_00+0000_f00d.csv")]
    public void Other_files_are_no_sensor_zips(string name) => Assert.False(SensorFileName.TryParse(name, out _));

    [Theory]
    [InlineData("sensor_recording_hand_wash_time_stamps_0.csv", true)]
    [InlineData("hand_wash_time_stamps_2_2022-05-01T10_00+0000_f00d.csv", true)]
    [InlineData("marker_time_stamps_2_2022-05-01T10_00+0000_f00d.csv", false)]
    [InlineData("sensor_recording_mic_time_stamps_0.csv", false)]
    public void Hand_wash_time_stamp_files_are_known_by_name(string name, bool expected) =>
        Assert.Equal(expected, SensorFileName.IsHandWashTimeStamps(name));
}
