namespace RecordingFunctions.Sensors;

/// <summary>
/// Reduces the samples of one file that fall in a window [from, to] (nanoseconds, inclusive) to at most
/// <c>points</c> equal-width time buckets holding the min and the max of each axis, so that peaks survive any zoom
/// level. While the window holds no more rows than points, every row is kept as its own bucket (min == max), which is
/// what a zoomed-in view shows. Memory is bounded by points, whatever the number of samples.
/// </summary>
public sealed class SensorDownsampler
{
    private readonly long _from;
    private readonly long _to;
    private readonly int _points;
    private readonly ulong _bucketWidth;
    private readonly int[] _counts;
    private readonly double[][] _min;
    private readonly double[][] _max;
    private readonly List<SensorSample> _rows;

    public SensorDownsampler(long from, long to, int points)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        _from = from;
        _to = to;
        _points = points;
        // The span counts both ends, and as ulong it cannot overflow for any from <= to.
        var span = (ulong)(to - from) + 1;
        _bucketWidth = span / (ulong)points + (span % (ulong)points == 0 ? 0UL : 1UL);
        _counts = new int[points];
        _min = [new double[points], new double[points], new double[points]];
        _max = [new double[points], new double[points], new double[points]];
        _rows = new List<SensorSample>(Math.Min(points, 1024));
    }

    /// <summary>Samples in the window so far.</summary>
    public long TotalSamples { get; private set; }

    public void Add(SensorSample sample)
    {
        if (sample.Timestamp < _from || sample.Timestamp > _to)
        {
            return;
        }

        TotalSamples++;
        if (TotalSamples <= _points)
        {
            _rows.Add(sample);
        }
        else if (_rows.Count > 0)
        {
            _rows.Clear();
        }

        var bucket = (int)((ulong)(sample.Timestamp - _from) / _bucketWidth);
        ReadOnlySpan<double> values = [sample.X, sample.Y, sample.Z];
        var first = _counts[bucket]++ == 0;
        for (var axis = 0; axis < 3; axis++)
        {
            var value = values[axis];
            if (first || value < _min[axis][bucket])
            {
                _min[axis][bucket] = value;
            }

            if (first || value > _max[axis][bucket])
            {
                _max[axis][bucket] = value;
            }
        }
    }

    /// <summary>The series with times in seconds since <paramref name="origin"/> (nanoseconds); empty buckets are left out.</summary>
    public DownsampledSeries Result(long origin)
    {
        if (TotalSamples <= _points)
        {
            var rows = _rows.OrderBy(r => r.Timestamp).ToArray();
            var t = rows.Select(r => Seconds(r.Timestamp, origin)).ToArray();
            var x = rows.Select(r => r.X).ToArray();
            var y = rows.Select(r => r.Y).ToArray();
            var z = rows.Select(r => r.Z).ToArray();
            return new DownsampledSeries(t, new AxisSeries(x, y, z), new AxisSeries(x, y, z));
        }

        var filled = Enumerable.Range(0, _points).Where(b => _counts[b] > 0).ToArray();
        return new DownsampledSeries(
            [.. filled.Select(b => Seconds(_from + (long)((ulong)b * _bucketWidth), origin))],
            Pick(_min, filled),
            Pick(_max, filled));
    }

    public static double Seconds(long timestamp, long origin) => (timestamp - origin) / 1e9;

    private static AxisSeries Pick(double[][] axes, int[] buckets) =>
        new([.. buckets.Select(b => axes[0][b])], [.. buckets.Select(b => axes[1][b])], [.. buckets.Select(b => axes[2][b])]);
}

/// <summary>Bucket start times (seconds since the set's origin) with the min and max of each axis, all of one length.</summary>
public sealed record DownsampledSeries(double[] T, AxisSeries Min, AxisSeries Max);

public sealed record AxisSeries(double[] X, double[] Y, double[] Z);
