using System.Globalization;
using Azure.Storage.Blobs.Specialized;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Logging;

namespace RecordingFunctions.Storage;

/// <summary>Stores uploaded files: recordings under <c>recordings/{set}/{name}</c>, models a device sends under <c>tf-models/{set}/{name}</c>.</summary>
public sealed class RecordingStore(
    BlobContainers containers,
    StreamingBlobService streaming,
    IRecordingEvents events,
    StorageInitializer storage,
    TimeProvider clock,
    ILogger<RecordingStore> logger)
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>
    /// Streams one file into storage; returns only once it is committed. The set's index row, zip and sensor quality
    /// follow from the blob-created event (<see cref="Archive.SetFollower"/>), so that the watch's answer waits only for
    /// its file and a hiccup there is retried by the trigger rather than making the watch send the file again.
    /// A file longer than one block whose length is known goes up in one streamed Put Blob; any other in blocks.
    /// </summary>
    /// <param name="expectedLength">The content's length if the body's framing tells it; checked while streaming.</param>
    public async Task<WrittenBlob> StoreAsync(IncomingFile file, Stream content, long? expectedLength, long maxBytes, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var isModel = file.StoredName.EndsWith(".tflite", StringComparison.OrdinalIgnoreCase);
        var container = isModel ? containers.Models : containers.Recordings;
        var blobName = $"{file.SetId}/{file.StoredName}";
        var metadata = new Dictionary<string, string>
        {
            [RecordingMetadata.Uploaded] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            [RecordingMetadata.OriginalName] = Uri.EscapeDataString(file.SentName),
            [RecordingMetadata.Device] = file.Uploader.DeviceId,
            [RecordingMetadata.DeviceName] = Uri.EscapeDataString(file.Uploader.Identifier),
        };
        if (file.IsMicrophone)
        {
            metadata[RecordingMetadata.Microphone] = "true";
        }

        if (expectedLength > maxBytes)
        {
            throw new UploadTooLargeException(maxBytes);
        }

        var blob = container.GetBlockBlobClient(blobName);
        var contentType = ContentTypeOf(file.StoredName);
        var written = expectedLength is > BlockBlobWriter.BlockSize and <= StreamedBlobWriter.MaxLength
            ? await StreamedBlobWriter.WriteAsync(
                blob, streaming.BlockBlob(container, blobName), content, expectedLength.Value, contentType, metadata, cancellationToken)
            : await BlockBlobWriter.WriteAsync(blob, content, maxBytes, contentType, metadata, cancellationToken);
        logger.LogInformation("Stored {Container}/{Blob} ({Length} bytes, CRC-32 {Crc}) from {Device}",
            container.Name, blobName, written.Length, written.Crc32, file.Uploader.Identifier);

        if (!isModel)
        {
            await events.FileStoredAsync(file.SetId, file.StoredName, cancellationToken);
        }

        return written;
    }

    public static string ContentTypeOf(string name) =>
        ContentTypes.TryGetContentType(name, out var type) ? type : "application/octet-stream";
}

/// <summary>A file arriving from a watch: where it goes and who sent it.</summary>
public sealed record IncomingFile(string SetId, string SentName, string StoredName, bool IsMicrophone, DeviceUploader Uploader);
