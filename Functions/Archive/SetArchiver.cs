using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Archive;

/// <summary>
/// Keeps <c>archives/{setId}.zip</c> equal to the files under <c>recordings/{setId}/</c>. The archive is a block blob
/// composed of one header block and server-side copied data blocks per entry, plus a central directory block; block IDs
/// derive from content, so an update writes only new entries and a new directory and re-commits everything else.
/// </summary>
public sealed class SetArchiver(BlobContainers containers, BlobReadLinks readLinks, ArchiveOptions options, ILogger<SetArchiver> logger)
{
    private readonly SetFileListing listing = new(containers.Recordings, logger);
    private readonly ArchiveBlobWriter writer = new(readLinks);

    /// <summary>
    /// Brings the set's archive up to date. Safe to run concurrently for one set: every write is conditional on the
    /// archive version read, and a lost race re-reads and retries, so the last update to settle holds every file.
    /// </summary>
    public async Task<ArchiveResult> UpdateAsync(string setId, bool includeMicrophoneFiles, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(setId, "D", out _) || !setId.Equals(setId.ToLowerInvariant(), StringComparison.Ordinal))
        {
            throw new ArgumentException($"Set ID must be a lowercase GUID: {setId}", nameof(setId));
        }

        var archive = containers.Archives.GetBlockBlobClient(setId + ".zip");
        return await OptimisticConcurrency.RetryAsync(
            () => TryUpdateAsync(archive, setId, includeMicrophoneFiles, cancellationToken),
            cancellationToken,
            ArchiveBlobWriter.IsLostRace,
            (attempt, ex) => ArchiveLog.Retrying(logger, setId, attempt, ex.Status, ex.ErrorCode));
    }

    private async Task<ArchiveResult> TryUpdateAsync(BlockBlobClient archive, string setId, bool includeMicrophoneFiles, CancellationToken ct)
    {
        // The archive is read before the set is listed: a commit conditional on this version then rests on a listing
        // taken after the commit before it, so a stale listing can never overwrite a newer archive and lose a file.
        var current = await ArchiveState.ReadAsync(archive, ct);
        var files = await listing.ListAsync(setId, includeMicrophoneFiles, ct);
        if (files.Count == 0)
        {
            if (current.ETag is { } etag)
            {
                await archive.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = etag }, ct);
                ArchiveLog.Deleted(logger, setId);
            }

            return new ArchiveResult(ArchiveOutcome.Deleted, 0, 0);
        }

        var plan = ArchivePlan.Compose(files, options);
        if (plan.BlockIds.SequenceEqual(current.Committed))
        {
            ArchiveLog.Unchanged(logger, setId, plan.EntryCount);
            return new ArchiveResult(ArchiveOutcome.Unchanged, plan.EntryCount, 0);
        }

        var missing = plan.Blocks.Where(block => !current.Held.Contains(block.Id)).ToList();
        var conditions = current.ETag is { } version
            ? new BlobRequestConditions { IfMatch = version }
            : new BlobRequestConditions { IfNoneMatch = ETag.All };
        await writer.WriteAsync(archive, plan, missing, conditions, ct);
        ArchiveLog.Committed(logger, setId, plan.EntryCount, missing.Count, plan.Blocks.Count);
        return new ArchiveResult(ArchiveOutcome.Committed, plan.EntryCount, missing.Count);
    }
}
