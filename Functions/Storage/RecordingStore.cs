using System.Globalization;
using Azure.Storage.Blobs.Specialized;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Logging;

namespace RecordingFunctions.Storage;

/// <summary>Stores uploaded files: recordings under <c>recordings/{set}/{name}</c>, models a device sends under <c>tf-models/{set}/{name}</c>.</summary>
public sealed class RecordingStore(
    BlobContainers containers,
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
    /// </summary>
    public async Task<WrittenBlob> StoreAsync(IncomingFile file, Stream content, long maxBytes, CancellationToken cancellationToken)
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

        var written = await BlockBlobWriter.WriteAsync(
            container.GetBlockBlobClient(blobName), content, maxBytes, ContentTypeOf(file.StoredName), metadata, cancellationToken);
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
