using Microsoft.AspNetCore.StaticFiles;

namespace RecordingFunctions.Storage;

/// <summary>Stores uploaded files: recordings under <c>recordings/{set}/{name}</c>, models a device sends under <c>tf-models/{set}/{name}</c>.</summary>
public sealed class RecordingStore(
    BlobContainers containers,
    StreamingBlobService streaming,
    IRecordingEvents events,
    TimeProvider clock,
    ILogger<RecordingStore> logger)
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>
    /// Streams one file into storage; returns only once it is committed. The set's index row, zip and sensor quality
    /// follow from the blob-created event (<see cref="Archive.SetProjection"/>), so that the watch's answer waits only for
    /// its file and a hiccup there is retried by the trigger rather than making the watch send the file again.
    /// A file longer than one block whose length is known goes up in one streamed Put Blob; any other in blocks.
    /// The name it takes follows <see cref="SetFileNames"/>: where the same sent name was stored before, else the
    /// first free variant of its stored name; the commit is conditional on that choice still holding.
    /// </summary>
    /// <param name="expectedLength">The content's length if the body's framing tells it; checked while streaming.</param>
    /// <returns>The name the file is stored under in its set.</returns>
    /// <exception cref="NameTakenMeanwhileException">Another upload took the name first and the body is spent; nothing was stored.</exception>
    public async Task<string> StoreAsync(IncomingFile file, Stream content, long? expectedLength, long maxBytes, CancellationToken cancellationToken)
    {
        var isModel = file.StoredName.EndsWith(".tflite", StringComparison.OrdinalIgnoreCase);
        var container = isModel ? containers.Models : containers.Recordings;
        var metadata = new RecordingBlobMetadata
        {
            Uploaded = clock.GetUtcNow(),
            OriginalName = file.OriginalName,
            Uploader = file.Uploader,
            Microphone = file.IsMicrophone ? true : null,
        };

        if (expectedLength > maxBytes)
        {
            throw new UploadTooLargeException(maxBytes);
        }

        // The set's description lives beside its recordings; no upload takes its name.
        IReadOnlyList<string> reserved = isModel ? [] : [SetContents.DescriptionFileName];
        var contentType = ContentTypeOf(file.StoredName);
        WrittenBlob written;
        if (expectedLength is > BlockBlobWriter.BlockSize and <= StreamedBlobWriter.MaxLength)
        {
            var target = await ChooseAsync(container, file, reserved, cancellationToken);
            written = await StreamedBlobWriter.WriteAsync(
                target, streaming.BlockBlob(container, target.Blob.Name), content, expectedLength.Value, contentType, metadata, cancellationToken);
        }
        else
        {
            written = await BlockBlobWriter.WriteAsync(
                ct => ChooseAsync(container, file, reserved, ct), content, maxBytes, contentType, metadata, cancellationToken);
        }

        var storedName = file.SetId.FileNameOf(written.BlobName);
        logger.LogInformation("Stored {Container}/{Blob} ({Length} bytes, CRC-32 {Crc}) from {Device}",
            container.Name, written.BlobName, written.Length, written.Crc32, file.Uploader.Identifier);

        if (!isModel)
        {
            await events.FileStoredAsync(file.SetId, storedName, cancellationToken);
        }

        return storedName;
    }

    /// <summary>Lists the files that could hold the upload's name and picks its place among them.</summary>
    private async Task<WriteTarget> ChooseAsync(BlobContainerClient container, IncomingFile file, IReadOnlyList<string> reserved, CancellationToken cancellationToken)
    {
        var existing = await ExistingFile.ListAsync(container, file.SetId, SetFileNames.VariantPrefix(file.StoredName), cancellationToken);
        var choice = SetFileNames.Choose(file.StoredName, file.OriginalName, existing, reserved);
        if (choice.Name != file.StoredName && choice.Replaces is null)
        {
            logger.LogInformation(
                "Storing {Set}/{Name} as {Variant}: a file sent under another name holds that name",
                file.SetId, file.StoredName, choice.Name);
        }

        return new WriteTarget(
            container.GetBlockBlobClient(file.SetId.BlobName(choice.Name)),
            choice.Replaces is { } version ? new BlobRequestConditions { IfMatch = version } : new BlobRequestConditions { IfNoneMatch = ETag.All });
    }

    public static string ContentTypeOf(string name) =>
        ContentTypes.TryGetContentType(name, out var type) ? type : "application/octet-stream";
}

/// <summary>A file arriving from a watch: where it goes and who sent it.</summary>
/// <param name="OriginalName">The sent name as <see cref="RecordingBlobMetadata.OriginalName"/> keeps it: what tells a re-send from another file.</param>
/// <param name="StoredName">The name the sent one becomes; the file takes it or a variant of it (<see cref="SetFileNames"/>).</param>
public sealed record IncomingFile(SetId SetId, string OriginalName, string StoredName, bool IsMicrophone, DeviceUploader Uploader);
