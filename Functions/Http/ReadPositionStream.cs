namespace RecordingFunctions.Http;

/// <summary>
/// A request body that reports how many bytes have been read as its position. Given to ASP.NET Core's
/// MultipartReader, it makes <c>MultipartSection.BaseStreamOffset</c> tell where a part's content starts in the body,
/// from which the length of a last part follows. Until <see cref="StopKeeping"/> it also keeps the last bytes read,
/// so that a part's headers can be looked at as they arrived: the reader decodes them as UTF-8 and replaces bytes
/// that are not.
/// </summary>
public sealed class ReadPositionStream(Stream body, int keepLast = 0) : ForwardOnlyStream
{
    private long _read;
    private int _keepLast = keepLast;
    private byte[]? _kept;
    private int _keptCount;

    public override long Length => throw new NotSupportedException("The length of a request body is not known before it is read.");

    protected override long BytesRead => _read;

    /// <summary>The kept bytes that come before <paramref name="position"/>; empty once no longer kept.</summary>
    public ReadOnlySpan<byte> KeptBefore(long position)
    {
        var keptFrom = _read - _keptCount;
        return _kept is null || position < keptFrom || position > _read
            ? []
            : _kept.AsSpan(0, (int)(position - keptFrom));
    }

    public void StopKeeping()
    {
        _keepLast = 0;
        _kept = null;
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(buffer.AsSpan(offset), body.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(buffer, body.Read(buffer));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await body.ReadAsync(buffer, cancellationToken);
        return Counted(buffer.Span, read);
    }

    private int Counted(ReadOnlySpan<byte> buffer, int read)
    {
        _read += read;
        if (_keepLast > 0)
        {
            Keep(_kept ??= new byte[_keepLast], buffer[..read]);
        }

        return read;
    }

    /// <summary>Appends what was read, dropping the oldest bytes beyond the window's size.</summary>
    private void Keep(byte[] kept, ReadOnlySpan<byte> read)
    {
        if (read.Length >= kept.Length)
        {
            read[^kept.Length..].CopyTo(kept);
            _keptCount = kept.Length;
            return;
        }

        var stay = Math.Min(_keptCount, kept.Length - read.Length);
        kept.AsSpan(_keptCount - stay, stay).CopyTo(kept);
        read.CopyTo(kept.AsSpan(stay));
        _keptCount = stay + read.Length;
    }
}
