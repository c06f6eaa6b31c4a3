using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace RecordingFunctions.Sensors;

/// <summary>
/// Reads the watch's CSV files line by line, never whole. A line that does not parse is skipped: that is the header
/// some app versions write and the truncated last line of a recording the watch cut short.
/// </summary>
public static class SensorCsv
{
    private const int BufferSize = 64 * 1024;

    /// <summary>Rows of <c>timestamp&lt;TAB&gt;x&lt;TAB&gt;y&lt;TAB&gt;z</c>, in file order.</summary>
    public static async IAsyncEnumerable<SensorSample> ReadSamplesAsync(Stream csv, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(csv, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (TryParseSample(line, out var sample))
            {
                yield return sample;
            }
        }
    }

    /// <summary>The time stamp (nanoseconds) in the first column of each line, as in the hand-wash time stamp files.</summary>
    public static async IAsyncEnumerable<long> ReadFirstColumnTimestampsAsync(Stream csv, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(csv, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var text = line.AsSpan();
            var end = text.IndexOfAny(",;\t ");
            if (long.TryParse(end < 0 ? text : text[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestamp))
            {
                yield return timestamp;
            }
        }
    }

    public static bool TryParseSample(ReadOnlySpan<char> line, out SensorSample sample)
    {
        sample = default;
        Span<Range> fields = stackalloc Range[5];
        if (line.Split(fields, '\t') < 4
            || !long.TryParse(line[fields[0]].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestamp)
            || !TryParseAxis(line[fields[1]], out var x)
            || !TryParseAxis(line[fields[2]], out var y)
            || !TryParseAxis(line[fields[3]], out var z))
        {
            return false;
        }

        sample = new SensorSample(timestamp, x, y, z);
        return true;
    }

    // NaN and infinities parse but cannot be drawn or written as JSON: such a row counts as unreadable.
    private static bool TryParseAxis(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
