namespace RecordingFunctions.Http;

/// <summary>
/// A stream read once from start to end that still answers as seekable, so that readers which ask for a position or
/// a length get one; seeking anywhere but where it already is fails.
/// </summary>
public abstract class ForwardOnlyStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Position
    {
        get => BytesRead;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <summary>How far the stream has been read.</summary>
    protected abstract long BytesRead { get; }

    public override long Seek(long offset, SeekOrigin origin) =>
        (origin == SeekOrigin.Begin && offset == BytesRead) || (origin == SeekOrigin.Current && offset == 0)
            ? BytesRead
            : throw new NotSupportedException("This stream is read once, forward only.");

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
