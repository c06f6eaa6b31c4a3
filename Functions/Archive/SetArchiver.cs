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
public sealed class SetArchiver(BlobContainers containers, BlobReadLinks readLinks, ILogger<SetArchiver> logger)
{
    private const int StagingParallelism = 4;
    private static readonly TimeSpan SourceLinkLifetime = TimeSpan.FromMinutes(15);
    private readonly SetFileListing listing = new(containers.Recordings, logger);

    internal ArchiveOptions Options { get; init; } = ArchiveOptions.Default;

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
            IsLostRace,
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

        var plan = ArchivePlan.Compose(files, Options.RangeSize, Options.ForceZip64);
        if (plan.BlockIds.SequenceEqual(current.Committed))
        {
            ArchiveLog.Unchanged(logger, setId, plan.EntryCount);
            return new ArchiveResult(ArchiveOutcome.Unchanged, plan.EntryCount, 0);
        }

        var missing = plan.Blocks.Where(block => !current.Held.Contains(block.Id)).ToList();
        await Parallel.ForEachAsync(
            missing,
            new ParallelOptions { MaxDegreeOfParallelism = StagingParallelism, CancellationToken = ct },
            (block, token) => new ValueTask(StageAsync(archive, block, token)));

        var conditions = current.ETag is { } version
            ? new BlobRequestConditions { IfMatch = version }
            : new BlobRequestConditions { IfNoneMatch = ETag.All };
        await archive.CommitBlockListAsync(
            plan.BlockIds,
            new CommitBlockListOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" } },
            ct);
        ArchiveLog.Committed(logger, setId, plan.EntryCount, missing.Count, plan.Blocks.Count);
        return new ArchiveResult(ArchiveOutcome.Committed, plan.EntryCount, missing.Count);
    }

    private async Task StageAsync(BlockBlobClient archive, ArchiveBlock block, CancellationToken ct)
    {
        switch (block)
        {
            case ContentBlock content:
                using (var stream = new MemoryStream(content.Content, writable: false))
                {
                    await archive.StageBlockAsync(content.Id, stream, cancellationToken: ct);
                }

                break;
            case CopiedBlock copy:
                var source = await readLinks.CreateReadUriAsync(copy.Source, SourceLinkLifetime, ct);
                await archive.StageBlockFromUriAsync(
                    source,
                    copy.Id,
                    new StageBlockFromUriOptions { SourceRange = copy.Range, SourceConditions = new RequestConditions { IfMatch = copy.SourceETag } },
                    ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(block), block, "Unknown archive block kind");
        }
    }

    /// <summary>
    /// Failures that mean another writer got in between: the archive or a recording changed or vanished since it was
    /// read (412, 409, a copy source gone), or a concurrent commit or delete discarded blocks this attempt relied on.
    /// </summary>
    private static bool IsLostRace(RequestFailedException ex) =>
        OptimisticConcurrency.IsLostRace(ex)
        || ex.ErrorCode == BlobErrorCode.InvalidBlockList
        || ex.ErrorCode == BlobErrorCode.CannotVerifyCopySource
        || (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.BlobNotFound);
}
