using System.IO.Hashing;

namespace RecordingFunctions.Archive;

/// <summary>
/// A listed set's files as archive entries, each copied from the version listed. A file without a trustworthy
/// checksum in its metadata (one copied in by hand) is read once, and the checksum stored on it (conditional on that
/// version) so it is never read again.
/// </summary>
internal sealed class SetArchiveFiles(ILogger logger)
{
    public async Task<List<CopiedFile>> OfAsync(SetContents contents, bool includeMicrophoneFiles, CancellationToken ct)
    {
        var files = new List<CopiedFile>();
        foreach (var file in contents.Files.Where(f => includeMicrophoneFiles || !f.Microphone))
        {
            files.Add(file.Metadata is { Crc32: { } crc, Uploaded: { } uploaded } metadata && metadata.HasChecksumFor(file.Size)
                ? new CopiedFile(new ZipEntry(file.Name, crc, file.Size, uploaded), file.Blob, file.ETag)
                : await ChecksumAsync(file, ct));
        }

        return files;
    }

    private async Task<CopiedFile> ChecksumAsync(StoredFile file, CancellationToken ct)
    {
        var crc = new Crc32();
        var conditions = new BlobRequestConditions { IfMatch = file.ETag };
        var download = await file.Blob.DownloadStreamingAsync(new BlobDownloadOptions { Conditions = conditions }, ct);
        await using (var content = download.Value.Content)
        {
            await crc.AppendAsync(content, ct);
        }

        // The upload time it was listed with (its blob's creation, for a file without one) is kept with the checksum.
        var metadata = file.Metadata.WithChecksum(crc.GetCurrentHashAsUInt32(), file.Size) with { Uploaded = file.UploadedAt };
        var updated = await file.Blob.SetMetadataAsync(metadata.ToMetadata(), conditions, ct);
        ArchiveLog.ChecksumStored(logger, file.Blob.Name, metadata.Crc32Text!, file.Size);
        return new CopiedFile(new ZipEntry(file.Name, metadata.Crc32!.Value, file.Size, file.UploadedAt), file.Blob, updated.Value.ETag);
    }
}
