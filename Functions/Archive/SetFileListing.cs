using System.Globalization;
using System.IO.Hashing;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Archive;

/// <summary>
/// Lists the recordings of a set as archive entries. A recording without trustworthy CRC-32 metadata is read once,
/// and the checksum stored on it (conditional on its ETag) so it is never read again.
/// </summary>
internal sealed class SetFileListing(BlobContainerClient recordings, ILogger logger)
{
    public async Task<List<CopiedFile>> ListAsync(string setId, bool includeMicrophoneFiles, CancellationToken ct)
    {
        var prefix = setId + "/";
        var files = new List<CopiedFile>();
        var options = new GetBlobsOptions { Prefix = prefix, Traits = BlobTraits.Metadata };
        await foreach (var item in recordings.GetBlobsAsync(options, ct))
        {
            var name = item.Name[prefix.Length..];
            if (!includeMicrophoneFiles && RecordingMetadata.IsMicrophone(name, item.Metadata))
            {
                continue;
            }

            var blob = recordings.GetBlobClient(item.Name);
            var length = item.Properties.ContentLength ?? 0;
            files.Add(TryReadEntry(name, length, item.Metadata) is { } entry
                ? new CopiedFile(entry, blob, item.Properties.ETag!.Value)
                : await ChecksumAsync(blob, name, item, ct));
        }

        return files;
    }

    /// <summary>The entry described by the upload metadata, or null when it is missing or no longer matches the content length.</summary>
    private static ZipEntry? TryReadEntry(string name, long length, IDictionary<string, string> metadata)
    {
        if (metadata.TryGetValue(RecordingMetadata.Crc32, out var crcText)
            && crcText.Length == 8
            && uint.TryParse(crcText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var crc)
            && metadata.TryGetValue(RecordingMetadata.Length, out var lengthText)
            && long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var declaredLength)
            && declaredLength == length
            && TryReadUploaded(metadata, out var uploaded))
        {
            return new ZipEntry(name, crc, length, uploaded);
        }

        return null;
    }

    private static bool TryReadUploaded(IDictionary<string, string> metadata, out DateTimeOffset uploaded)
    {
        uploaded = default;
        return metadata.TryGetValue(RecordingMetadata.Uploaded, out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out uploaded);
    }

    private async Task<CopiedFile> ChecksumAsync(BlobClient blob, string name, BlobItem item, CancellationToken ct)
    {
        var etag = item.Properties.ETag!.Value;
        var crc = new Crc32();
        var download = await blob.DownloadStreamingAsync(
            new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = etag } }, ct);
        await using (var content = download.Value.Content)
        {
            await crc.AppendAsync(content, ct);
        }

        var length = item.Properties.ContentLength ?? 0;
        var checksum = crc.GetCurrentHashAsUInt32();
        var metadata = new Dictionary<string, string>(item.Metadata, StringComparer.OrdinalIgnoreCase);
        var crcText = RecordingMetadata.AddChecksum(metadata, checksum, length);
        if (!TryReadUploaded(item.Metadata, out var uploaded))
        {
            uploaded = item.Properties.CreatedOn ?? item.Properties.LastModified!.Value;
            metadata[RecordingMetadata.Uploaded] = uploaded.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }

        var updated = await blob.SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = etag }, ct);
        ArchiveLog.ChecksumStored(logger, blob.Name, crcText, length);
        return new CopiedFile(new ZipEntry(name, checksum, length, uploaded), blob, updated.Value.ETag);
    }
}
