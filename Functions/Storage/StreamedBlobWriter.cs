using System.IO.Hashing;
using System.Runtime.ExceptionServices;
using Azure.Storage;

namespace RecordingFunctions.Storage;

/// <summary>
/// Streams a body of known length into a block blob with one Put Blob: as fast as storage takes a whole blob, with no
/// buffer beyond the copy's. The CRC-32 is computed on the way and added to the metadata once the blob is committed.
/// The last bytes are held back until the source is seen to end exactly at the expected length, so a body that turns
/// out longer or shorter is never committed (storage discards a Put Blob whose body falls short).
/// </summary>
public static class StreamedBlobWriter
{
    /// <summary>The longest body sent this way: within the 5000 MiB one Put Blob may create (service version 2019-12-12 and later).</summary>
    public const long MaxLength = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// Without it the client would cut a body of 256 MiB or more into blocks, buffered in memory; the client caps it
    /// at the Put Blob limit, above <see cref="MaxLength"/>.
    /// </summary>
    private static readonly StorageTransferOptions OnePutBlob = new() { InitialTransferSize = 5000L * 1024 * 1024 };

    /// <param name="target">The blob, for the metadata update, and the condition the Put Blob commits on.</param>
    /// <param name="singleAttemptTarget">The same blob through a client that does not retry: a streamed body cannot be sent twice.</param>
    /// <exception cref="UploadFramingException">The source did not end at <paramref name="length"/>; nothing was committed.</exception>
    /// <exception cref="NameTakenMeanwhileException">The condition no longer held; nothing was committed, and the body is spent.</exception>
    public static async Task<WrittenBlob> WriteAsync(
        WriteTarget target,
        BlockBlobClient singleAttemptTarget,
        Stream source,
        long length,
        string contentType,
        RecordingBlobMetadata metadata,
        CancellationToken cancellationToken)
    {
        var body = new ExactLengthBody(source, length);
        ETag committed;
        try
        {
            var uploaded = await singleAttemptTarget.UploadAsync(
                body,
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    Metadata = metadata.ToMetadata(),
                    Conditions = target.Conditions,
                    TransferOptions = OnePutBlob,
                },
                cancellationToken);
            committed = uploaded.Value.ETag;
        }
        catch (Exception) when (body.SourceFailure is { } failure)
        {
            // The client reports a failing body as its own transport error; the cause is the incoming request.
            ExceptionDispatchInfo.Throw(failure);
            throw;
        }
        catch (RequestFailedException e) when (WriteTarget.LostRace(e))
        {
            throw new NameTakenMeanwhileException(target.Blob.Name, e);
        }

        var stored = metadata.WithChecksum(body.Crc32, length);
        try
        {
            await target.Blob.SetMetadataAsync(stored.ToMetadata(), new BlobRequestConditions { IfMatch = committed }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // The blob changed since it was committed: a newer upload replaced it, or the archiver computed the same
            // checksum first. Either way this file was stored; a blob without the checksum is read once by the archiver.
        }

        return new WrittenBlob(target.Blob.Name, length, stored.Crc32Text!);
    }

    /// <summary>The source, cut at the expected length, which it must end at exactly; seekable only to say how long it is.</summary>
    private sealed class ExactLengthBody(Stream source, long length) : ForwardOnlyStream
    {
        private readonly Crc32 _crc = new();
        private readonly byte[] _probe = new byte[1];
        private long _sent;

        /// <summary>Why reading the source failed, when it did.</summary>
        public Exception? SourceFailure { get; private set; }

        public uint Crc32 => _crc.GetCurrentHashAsUInt32();

        public override long Length => length;

        protected override long BytesRead => _sent;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_sent == length || buffer.IsEmpty)
            {
                return 0;
            }

            try
            {
                // Filling the caller's buffer (a multipart section hands out what it has buffered) means fewer, larger writes to storage.
                var wanted = (int)Math.Min(buffer.Length, length - _sent);
                var read = 0;
                while (read < wanted)
                {
                    var chunk = await source.ReadAsync(buffer[read..wanted], cancellationToken);
                    if (chunk == 0)
                    {
                        throw new UploadFramingException(length, _sent + read);
                    }

                    read += chunk;
                }

                _crc.Append(buffer.Span[..read]);
                _sent += read;
                if (_sent == length && await source.ReadAsync(_probe, cancellationToken) != 0)
                {
                    throw new UploadFramingException(length, null);
                }

                return read;
            }
            catch (Exception e)
            {
                SourceFailure = e;
                throw;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        /// <summary>A request body is read asynchronously only (Kestrel refuses synchronous reads).</summary>
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("A streamed body is read asynchronously.");
    }
}

/// <summary>A body did not end where its declared length said it would; nothing was committed.</summary>
public sealed class UploadFramingException(long expected, long? received)
    : Exception(received is { } count
        ? $"The file part ended after {count} of the {expected} bytes its position in the body implies."
        : $"The file part went on past the {expected} bytes its position in the body implies.");
