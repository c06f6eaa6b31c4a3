namespace RecordingFunctions.Http;

/// <summary>
/// A forward-only view of a request body that reports how many bytes have been read as its position. Given to
/// ASP.NET Core's MultipartReader, it makes <c>MultipartSection.BaseStreamOffset</c> tell where a part's content starts
/// in the body, from which the length of a last part follows. It cannot seek: moving anywhere but where it is fails.
/// </summary>
public sealed class ReadPositionStream(Stream body) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("The length of a request body is not known before it is read.");

    public override long Position
    {
        get => _read;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(body.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(body.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Counted(await body.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await body.ReadAsync(buffer, cancellationToken));

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _read + offset,
            _ => throw new NotSupportedException("A request body cannot be sought from its end."),
        };
        return target == _read ? _read : throw new NotSupportedException("A request body is read forward only.");
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Counted(int read)
    {
        _read += read;
        return read;
    }
}
