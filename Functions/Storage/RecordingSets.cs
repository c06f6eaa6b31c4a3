using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using RecordingFunctions.Archive;
using RecordingFunctions.Configuration;

namespace RecordingFunctions.Storage;

/// <summary>
/// Reading and editing recording sets as the admin does: their files, descriptions and deletions. After every change
/// the set's index row is refreshed and its zip brought up to date (a deletion fires no blob trigger, so the archive
/// is updated here).
/// </summary>
public sealed class RecordingSets(
    BlobContainers containers,
    SetIndex index,
    SetArchiver archiver,
    ConfigStore config,
    IRecordingEvents events,
    ILogger<RecordingSets> logger)
{
    public const int MaxDescriptionLength = 64 * 1024;

    public async Task<RecordingSetDetail?> GetAsync(string setId, bool hideMicrophoneFiles, CancellationToken cancellationToken)
    {
        if (await index.GetAsync(setId, cancellationToken) is not { } summary)
        {
            return null;
        }

        var files = new List<StoredFile>();
        var description = "";
        await foreach (var blob in containers.Recordings.GetBlobsAsync(
            new GetBlobsOptions { Prefix = setId + "/", Traits = BlobTraits.Metadata }, cancellationToken))
        {
            var name = blob.Name[(setId.Length + 1)..];
            if (name == SetIndex.DescriptionFileName)
            {
                description = (await containers.Recordings.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken)).Value.Content.ToString();
                continue;
            }

            var file = StoredFile.From(name, blob);
            if (!(hideMicrophoneFiles && file.Microphone))
            {
                files.Add(file);
            }
        }

        var archive = await FindArchiveAsync(setId, cancellationToken);
        return new RecordingSetDetail(summary, description, [.. files.OrderBy(f => f.Name, StringComparer.Ordinal)], archive?.Info);
    }

    /// <returns>The set's zip, or null while it has none: no files yet, or the first one arrived a moment ago.</returns>
    public async Task<(Azure.Storage.Blobs.BlobClient Blob, ArchiveInfo Info)?> FindArchiveAsync(string setId, CancellationToken cancellationToken)
    {
        var blob = containers.Archives.GetBlobClient($"{setId}.zip");
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
    public async Task<(Azure.Storage.Blobs.BlobClient Blob, StoredFile File)?> FindFileAsync(string setId, string fileName, bool hideMicrophoneFiles, CancellationToken cancellationToken)
    {
        var blob = containers.Recordings.GetBlobClient($"{setId}/{fileName}");
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            var file = StoredFile.From(fileName, properties);
            if (hideMicrophoneFiles && file.Microphone)
            {
                return null;
            }

            return (blob, file);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <returns>False when the set has no such file.</returns>
    public async Task<bool> DeleteFileAsync(string setId, string fileName, CancellationToken cancellationToken)
    {
        var deleted = await containers.Recordings.DeleteBlobIfExistsAsync($"{setId}/{fileName}", DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        if (!deleted.Value)
        {
            return false;
        }

        logger.LogInformation("Deleted {Blob} from set {Set}", fileName, setId);
        await index.RefreshAsync(setId, cancellationToken);
        await UpdateArchiveAsync(setId, cancellationToken);
        return true;
    }

    /// <returns>False when there is no such set.</returns>
    public async Task<bool> DeleteSetAsync(string setId, CancellationToken cancellationToken)
    {
        if (await index.GetAsync(setId, cancellationToken) is null)
        {
            return false;
        }

        var count = 0;
        foreach (var container in new[] { containers.Recordings, containers.Models })
        {
            await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = setId + "/" }, cancellationToken))
            {
                await container.DeleteBlobIfExistsAsync(blob.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
                count++;
            }
        }

        await UpdateArchiveAsync(setId, cancellationToken);
        await index.RemoveAsync(setId, cancellationToken);
        logger.LogInformation("Deleted set {Set} ({Count} files)", setId, count);
        return true;
    }

    /// <summary>Stores the description as the set's README.md (so it travels in the zip too).</summary>
    public async Task SaveDescriptionAsync(string setId, string description, CancellationToken cancellationToken)
    {
        var name = $"{setId}/{SetIndex.DescriptionFileName}";
        if (description.Length == 0)
        {
            await containers.Recordings.DeleteBlobIfExistsAsync(name, cancellationToken: cancellationToken);
            await index.RefreshAsync(setId, cancellationToken);
            await UpdateArchiveAsync(setId, cancellationToken);
            return;
        }

        await containers.Recordings.GetBlobClient(name).UploadAsync(
            BinaryData.FromString(description),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/markdown; charset=utf-8" },
                Metadata = new Dictionary<string, string>
                {
                    [RecordingMetadata.Uploaded] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                    [RecordingMetadata.Length] = Encoding.UTF8.GetByteCount(description).ToString(CultureInfo.InvariantCulture),
                },
            },
            cancellationToken);
        await index.RefreshAsync(setId, cancellationToken);
        await events.FileStoredAsync(setId, SetIndex.DescriptionFileName, cancellationToken);
    }

    private async Task UpdateArchiveAsync(string setId, CancellationToken cancellationToken)
    {
        var settings = await config.GetAsync(cancellationToken);
        await archiver.UpdateAsync(setId, settings.PackMicFiles, cancellationToken);
    }
}

public sealed record RecordingSetDetail(RecordingSetSummary Summary, string DescriptionText, IReadOnlyList<StoredFile> Files, ArchiveInfo? Archive);

public sealed record ArchiveInfo(long Size, DateTimeOffset LastModified);

public sealed record StoredFile(string Name, long Size, DateTimeOffset UploadedAt, bool Microphone, string? Crc32)
{
    internal static StoredFile From(string name, BlobItem blob) => new(
        name,
        blob.Properties.ContentLength ?? 0,
        SetIndex.UploadedAt(blob),
        RecordingMetadata.IsMicrophone(name, blob.Metadata),
        blob.Metadata.TryGetValue(RecordingMetadata.Crc32, out var crc) ? crc : null);

    internal static StoredFile From(string name, BlobProperties properties) => new(
        name,
        properties.ContentLength,
        properties.Metadata.TryGetValue(RecordingMetadata.Uploaded, out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var uploaded)
            ? uploaded
            : properties.LastModified,
        RecordingMetadata.IsMicrophone(name, properties.Metadata),
        properties.Metadata.TryGetValue(RecordingMetadata.Crc32, out var crc) ? crc : null);
}
