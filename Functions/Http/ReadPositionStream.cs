namespace RecordingFunctions.Http;

/// <summary>
/// A request body that reports how many bytes have been read as its position. Given to ASP.NET Core's
/// MultipartReader, it makes <c>MultipartSection.BaseStreamOffset</c> tell where a part's content starts in the body,
/// from which the length of a last part follows.
/// </summary>
public sealed class ReadPositionStream(Stream body) : ForwardOnlyStream
{
    private long _read;

    public override long Length => throw new NotSupportedException("The length of a request body is not known before it is read.");

    protected override long BytesRead => _read;

    public override int Read(byte[] buffer, int offset, int count) => Counted(body.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(body.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Counted(await body.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await body.ReadAsync(buffer, cancellationToken));

    private int Counted(int read)
    {
        _read += read;
        return read;
    }
}
