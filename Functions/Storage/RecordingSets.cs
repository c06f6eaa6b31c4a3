using System.IO.Hashing;

namespace RecordingFunctions.Storage;

/// <summary>
/// Reading and editing recording sets as the admin does: their files, descriptions and deletions. After every change
/// the set's derived data is brought up to date (<see cref="SetProjection"/>): a deletion fires no blob trigger.
/// </summary>
public sealed class RecordingSets(
    BlobContainers containers,
    SetListing listing,
    SetQueries queries,
    SetProjection projection,
    TimeProvider clock,
    ILogger<RecordingSets> logger)
{
    public const int MaxDescriptionLength = 64 * 1024;

    public async Task<RecordingSetDetail?> GetAsync(SetId set, bool hideMicrophoneFiles, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(set, cancellationToken) is not { } summary)
        {
            return null;
        }

        var contents = await listing.ReadAsync(set, cancellationToken);
        var description = await SetListing.ReadDescriptionAsync(contents, cancellationToken) ?? "";
        var files = contents.Recordings.Where(file => !(hideMicrophoneFiles && file.Microphone));

        var archive = await FindArchiveAsync(set, cancellationToken);
        return new RecordingSetDetail(summary, description, [.. files.OrderBy(f => f.Name, StringComparer.Ordinal)], archive?.Info);
    }

    /// <returns>The set's zip, or null while it has none: no files yet, or the first one arrived a moment ago.</returns>
    public async Task<(Azure.Storage.Blobs.BlobClient Blob, ArchiveInfo Info)?> FindArchiveAsync(SetId set, CancellationToken cancellationToken)
    {
        var blob = containers.Archives.GetBlobClient(set.ArchiveName);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return (blob, new ArchiveInfo(properties.ContentLength, properties.LastModified));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <returns>The file, or null when the set has no such file (or it is hidden).</returns>
    public async Task<StoredFile?> FindFileAsync(SetId set, string fileName, bool hideMicrophoneFiles, CancellationToken cancellationToken) =>
        await listing.FindAsync(set, fileName, cancellationToken) is { } file && !(hideMicrophoneFiles && file.Microphone) ? file : null;

    /// <returns>False when the set has no such file.</returns>
    public async Task<bool> DeleteFileAsync(SetId set, string fileName, CancellationToken cancellationToken)
    {
        var deleted = await containers.Recordings.DeleteBlobIfExistsAsync(set.BlobName(fileName), DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        if (!deleted.Value)
        {
            return false;
        }

        logger.LogInformation("Deleted {Blob} from set {Set}", fileName, set);
        await projection.UpdateAsync(set, null, cancellationToken);
        return true;
    }

    /// <returns>False when there is no such set.</returns>
    public async Task<bool> DeleteSetAsync(SetId set, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(set, cancellationToken) is null)
        {
            return false;
        }

        var count = 0;
        foreach (var container in new[] { containers.Recordings, containers.Models })
        {
            foreach (var file in (await SetListing.ReadAsync(container, set, "", cancellationToken)).Files)
            {
                await file.Blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
                count++;
            }
        }

        await projection.RemoveAsync(set, cancellationToken);
        logger.LogInformation("Deleted set {Set} ({Count} files)", set, count);
        return true;
    }

    /// <summary>Stores the description as the set's README.md (so it travels in the zip too); an empty one deletes it.</summary>
    public async Task SaveDescriptionAsync(SetId set, string description, CancellationToken cancellationToken)
    {
        var blob = containers.Recordings.GetBlobClient(set.BlobName(SetContents.DescriptionFileName));
        if (description.Length == 0)
        {
            await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
            await projection.UpdateAsync(set, null, cancellationToken);
            return;
        }

        var content = Encoding.UTF8.GetBytes(description);
        var metadata = new RecordingBlobMetadata { Uploaded = clock.GetUtcNow() }.WithChecksum(Crc32.HashToUInt32(content), content.Length);
        await blob.UploadAsync(
            BinaryData.FromBytes(content),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/markdown; charset=utf-8" },
                Metadata = metadata.ToMetadata(),
            },
            cancellationToken);
        await projection.UpdateAsync(set, SetContents.DescriptionFileName, cancellationToken);
    }
}

public sealed record RecordingSetDetail(RecordingSetSummary Summary, string DescriptionText, IReadOnlyList<StoredFile> Files, ArchiveInfo? Archive);

public sealed record ArchiveInfo(long Size, DateTimeOffset LastModified);
