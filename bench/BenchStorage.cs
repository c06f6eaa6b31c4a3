using System.Diagnostics;
using System.IO.Compression;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace RecordingFunctions.Bench;

/// <summary>Azurite as the benchmark reaches it directly: the plain-client baselines, archive checks, and cleanup.</summary>
public sealed class BenchStorage(string prefix)
{
    public const string ConnectionString = "UseDevelopmentStorage=true";

    private const int MaxServerErrorsInARow = 5;

    public BlobServiceClient Blobs { get; } = new(ConnectionString);

    public TableServiceClient Tables { get; } = new(ConnectionString);

    public BlobContainerClient Recordings => Blobs.GetBlobContainerClient(prefix + "recordings");

    public BlobContainerClient Archives => Blobs.GetBlobContainerClient(prefix + "archives");

    /// <summary>Where the plain client's uploads go: beside the app's containers, under the same prefix.</summary>
    public BlobContainerClient Baseline => Blobs.GetBlobContainerClient(prefix + "baseline");

    public BlobClient Archive(string setId) => Archives.GetBlobClient(setId + ".zip");

    /// <summary>The entry names of a set's zip, read from its central directory; null while there is no archive.</summary>
    public async Task<IReadOnlySet<string>?> ArchiveEntriesAsync(string setId, CancellationToken ct)
    {
        try
        {
            // A seekable blob stream: the zip reader reads the end records and the directory, not the entries.
            await using var stream = await Archive(setId).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 256 * 1024 }, ct);
            await using var zip = await ZipArchive.CreateAsync(stream, ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, ct);
            return zip.Entries.Select(entry => entry.FullName).ToHashSet(StringComparer.Ordinal);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Absent, or replaced by a newer commit while it was read.
            return null;
        }
    }

    /// <summary>Waits until the set's zip holds every one of <paramref name="names"/>; returns how long that took.</summary>
    public async Task<TimeSpan> WaitForArchiveAsync(string setId, IReadOnlyCollection<string> names, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        ETag? seen = null;
        var serverErrors = 0;
        while (clock.Elapsed < timeout)
        {
            // Properties are cheap to poll; the directory is read only when the archive changed.
            var etag = await ArchiveETagAsync(setId, ct);
            if (etag is not null && etag != seen)
            {
                seen = etag;
                try
                {
                    if (await ArchiveEntriesAsync(setId, ct) is { } entries && names.All(entries.Contains))
                    {
                        return clock.Elapsed;
                    }

                    serverErrors = 0;
                }
                catch (RequestFailedException e) when (e.Status >= 500 && ++serverErrors <= MaxServerErrorsInARow)
                {
                    // Azurite once answered 500 to this read while the app recommitted the archive (a full run stopped
                    // on it); the next poll reads the archive again, and repeated failures still stop the run.
                    seen = null;
                }
            }

            await Task.Delay(10, ct);
        }

        throw new TimeoutException($"The archive of set {setId} did not hold [{string.Join(", ", names)}] within {timeout}.");
    }

    /// <summary>Deletes a set's recordings and archive, so that big figures do not fill the disk.</summary>
    public async Task DeleteSetAsync(string setId, CancellationToken ct)
    {
        await foreach (var blob in Recordings.GetBlobsAsync(new GetBlobsOptions { Prefix = setId + "/" }, ct))
        {
            await Recordings.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: ct);
        }

        await Archive(setId).DeleteIfExistsAsync(cancellationToken: ct);
    }

    /// <summary>Deletes every container and table whose name starts with <paramref name="namePrefix"/>.</summary>
    public async Task DeleteAllAsync(string namePrefix, CancellationToken ct)
    {
        await foreach (var container in Blobs.GetBlobContainersAsync(prefix: namePrefix, cancellationToken: ct))
        {
            await Blobs.DeleteBlobContainerAsync(container.Name, cancellationToken: ct);
        }

        await foreach (var table in Tables.QueryAsync(TableClient.CreateQueryFilter($"TableName ge {namePrefix} and TableName lt {namePrefix + "~"}"), cancellationToken: ct))
        {
            await Tables.DeleteTableAsync(table.Name, ct);
        }
    }

    private async Task<ETag?> ArchiveETagAsync(string setId, CancellationToken ct)
    {
        try
        {
            return (await Archive(setId).GetPropertiesAsync(cancellationToken: ct)).Value.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
