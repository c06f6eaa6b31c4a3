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
}
