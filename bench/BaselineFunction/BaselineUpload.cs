using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace RecordingFunctions.Bench.BaselineFunction;

/// <summary>
/// Streams the request body, as it comes (the watch's whole multipart body), into a blob named by the route: no token
/// check, no multipart parsing, no metadata. Only what any function must do to take a large body is done: lift
/// Kestrel's 30 MB body limit, and tell the client the length when the request has one, since without it the client
/// buffers a body of unknown length (up to 256 MiB) before it sends anything.
/// </summary>
public sealed class BaselineUpload(BlobContainerClient container)
{
    /// <summary>A body of known length goes up in one streamed Put Blob, at any size the benchmark sends.</summary>
    private static readonly StorageTransferOptions OnePutBlob = new() { InitialTransferSize = 5000L * 1024 * 1024 };

    /// <summary>A body of unknown length goes up in the client's default 4 MiB blocks, the first one buffered to see whether it is the only one.</summary>
    private static readonly StorageTransferOptions Blocks = new() { InitialTransferSize = 4 * 1024 * 1024, MaximumTransferSize = 4 * 1024 * 1024 };

    [Function("BaselineUpload")]
    public async Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "upload/{name}")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var (body, transfer) = request.ContentLength is { } length
            ? (new KnownLengthStream(request.Body, length), OnePutBlob)
            : (request.Body, Blocks);
        await container.GetBlobClient(name).UploadAsync(body, new BlobUploadOptions { TransferOptions = transfer }, cancellationToken);
        return new OkObjectResult(new { status = "success" });
    }

    /// <summary>The request body with its declared length: seekable only to say how long it is, read once.</summary>
    private sealed class KnownLengthStream(Stream body, long length) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _read;
            set => Seek(value, SeekOrigin.Begin);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await body.ReadAsync(buffer, cancellationToken);
            _read += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("A request body is read asynchronously.");

        public override long Seek(long offset, SeekOrigin origin) =>
            (origin == SeekOrigin.Begin && offset == _read) || (origin == SeekOrigin.Current && offset == 0)
                ? _read
                : throw new NotSupportedException("The request body is read once, forward only.");

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
