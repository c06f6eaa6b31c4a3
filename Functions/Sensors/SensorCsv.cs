using System.Runtime.CompilerServices;

namespace RecordingFunctions.Sensors;

/// <summary>
/// Reads the watch's CSV files line by line, never whole. A line that does not parse is skipped: that is the header
/// some app versions write and the truncated last line of a recording the watch cut short.
/// </summary>
public static class SensorCsv
{
    private const int BufferSize = 64 * 1024;

    /// <summary>
    /// Rows of <c>timestamp&lt;TAB&gt;x&lt;TAB&gt;y&lt;TAB&gt;z</c>, in file order. Parsed from UTF-8 bytes a buffer at a time,
    /// without a string per line: a million-row file is mostly parsing.
    /// </summary>
    public static async IAsyncEnumerable<SensorSample> ReadSamplesAsync(Stream csv, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        var filled = 0;
        var atStart = true;
        var skippingLongLine = false;
        var batch = new List<SensorSample>(BufferSize / 32);
        while (true)
        {
            var read = await csv.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            filled += read;
            var data = buffer.AsSpan(0, filled);
            if (atStart && filled >= 3)
            {
                data = data.StartsWith("\uFEFF"u8) ? data[3..] : data;
                atStart = false;
            }

            var consumed = ParseLines(data, read == 0, ref skippingLongLine, batch) + (filled - data.Length);
            foreach (var sample in batch)
            {
                yield return sample;
            }

            batch.Clear();
            if (read == 0)
            {
                yield break;
            }

            if (consumed == 0 && filled == buffer.Length)
            {
                // A line filling the whole buffer is no sensor row: it is dropped up to its end rather than buffered.
                skippingLongLine = true;
                consumed = filled;
            }

            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
        }
    }

    /// <summary>Parses the complete lines of <paramref name="data"/> (all of it at the end of the file); returns the bytes consumed.</summary>
    private static int ParseLines(ReadOnlySpan<byte> data, bool atEnd, ref bool skippingLongLine, List<SensorSample> samples)
    {
        var consumed = 0;
        while (consumed < data.Length)
        {
            var rest = data[consumed..];
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0 && !atEnd)
            {
                return consumed;
            }

            var line = newline < 0 ? rest : rest[..newline];
            consumed += newline < 0 ? rest.Length : newline + 1;
            if (skippingLongLine)
            {
                skippingLongLine = false;
            }
            else if (TryParseSample(line, out var sample))
            {
                samples.Add(sample);
            }
        }

        return consumed;
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

    /// <summary>Parses one line (UTF-8, without its line break): at least four tab-separated fields, the rest ignored.</summary>
    public static bool TryParseSample(ReadOnlySpan<byte> line, out SensorSample sample)
    {
        sample = default;
        var timestampEnd = line.IndexOf((byte)'\t');
        if (timestampEnd < 0
            || !long.TryParse(line[..timestampEnd], TimestampStyle, CultureInfo.InvariantCulture, out var timestamp)
            || !TryParseAxis(ref line, timestampEnd + 1, out var x)
            || !TryParseAxis(ref line, 0, out var y)
            || !TryParseAxis(ref line, 0, out var z))
        {
            return false;
        }

        sample = new SensorSample(timestamp, x, y, z);
        return true;
    }

    private const NumberStyles TimestampStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    /// <summary>Parses the field starting at <paramref name="start"/> and leaves <paramref name="line"/> after its tab.</summary>
    private static bool TryParseAxis(ref ReadOnlySpan<byte> line, int start, out double value)
    {
        line = line[start..];
        var end = line.IndexOfAny((byte)'\t', (byte)'\r');
        var field = end < 0 ? line : line[..end];
        line = end < 0 ? [] : line[(end + 1)..];
        // NaN and infinities parse but cannot be drawn or written as JSON: such a row counts as unreadable.
        return double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}
