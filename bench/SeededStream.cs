using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace RecordingFunctions.Bench;

/// <summary>
/// A read-only, seekable stream of reproducible pseudo-random bytes. Word <c>i</c> is SplitMix64 of the seed and
/// <c>i</c>, so any range is produced without the bytes before it, and a 1 GiB body never sits in memory.
/// Both the app and the plain client are fed from it, so generating the bytes costs both the same.
/// </summary>
/// <param name="lengthKnown">False: the stream says it cannot seek, so an HTTP body made of it goes chunked.</param>
public sealed class SeededStream(ulong seed, long length, bool lengthKnown = true) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => lengthKnown;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    /// <summary>A streaming request body: with a Content-Length when the length is declared, else sent chunked.</summary>
    public static StreamContent Content(ulong seed, long length, bool declareLength) => new(new SeededStream(seed, length, declareLength), 1 << 20);

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, Math.Max(0, length - _position));
        Fill(seed, _position, buffer[..count]);
        _position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static void Fill(ulong seed, long offset, Span<byte> destination)
    {
        Span<byte> word = stackalloc byte[8];
        var written = 0;
        var misaligned = (int)(offset & 7);
        if (misaligned != 0 && destination.Length > 0)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(word, Word(seed, offset >> 3));
            written = Math.Min(8 - misaligned, destination.Length);
            word.Slice(misaligned, written).CopyTo(destination);
        }

        var index = (offset + written) >> 3;
        var whole = (destination.Length - written) & ~7;
        var words = MemoryMarshal.Cast<byte, ulong>(destination.Slice(written, whole));
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = BitConverter.IsLittleEndian ? Word(seed, index + i) : BinaryPrimitives.ReverseEndianness(Word(seed, index + i));
        }

        written += whole;
        if (written < destination.Length)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(word, Word(seed, index + words.Length));
            word[..(destination.Length - written)].CopyTo(destination[written..]);
        }
    }

    private static ulong Word(ulong seed, long index)
    {
        var z = seed + ((ulong)index * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
