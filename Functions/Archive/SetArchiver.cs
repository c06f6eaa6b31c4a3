namespace RecordingFunctions.Archive;

/// <summary>
/// Keeps <c>archives/{setId}.zip</c> equal to the files under <c>recordings/{setId}/</c>. The archive is a block blob
/// composed of one header block and server-side copied data blocks per entry, plus a central directory block; block IDs
/// derive from content, so an update writes only new entries and a new directory and re-commits everything else.
/// </summary>
public sealed class SetArchiver(BlobContainers containers, SetListing listing, BlobReadLinks readLinks, ArchiveOptions options, ILogger<SetArchiver> logger)
{
    private readonly SetArchiveFiles _files = new(logger);
    private readonly ArchiveBlobWriter _writer = new(readLinks);

    /// <summary>
    /// Brings the set's archive up to date. Safe to run concurrently for one set: every write is conditional on the
    /// archive version read, and a lost race re-reads and retries, so the last update to settle holds every file.
    /// </summary>
    public async Task<ArchiveResult> UpdateAsync(SetId set, bool includeMicrophoneFiles, CancellationToken cancellationToken)
    {
        var current = await ReadAsync(set, cancellationToken);
        return await UpdateAsync(current, await listing.ReadAsync(set, cancellationToken), includeMicrophoneFiles, cancellationToken);
    }

    /// <summary>The set's archive as it is now, for an update from a listing taken after this read.</summary>
    internal async Task<ArchiveRead> ReadAsync(SetId set, CancellationToken cancellationToken) =>
        new(set, await ArchiveState.ReadAsync(Archive(set), cancellationToken));

    /// <summary>
    /// Brings the set's archive up to date with <paramref name="contents"/>, listed after <paramref name="read"/>, with a
    /// commit conditional on that read (<see cref="SetListing.WriteAfterReadAsync"/>): a stale listing can never overwrite
    /// a newer archive and lose a file.
    /// </summary>
    internal Task<ArchiveResult> UpdateAsync(ArchiveRead read, SetContents contents, bool includeMicrophoneFiles, CancellationToken cancellationToken) =>
        listing.WriteAfterReadAsync(
            read,
            contents,
            () => ReadAsync(read.Set, cancellationToken),
            (current, listed) => WriteAsync(current, listed, includeMicrophoneFiles, cancellationToken),
            cancellationToken,
            ArchiveBlobWriter.IsLostRace,
            (attempt, ex) => ArchiveLog.Retrying(logger, read.Set, attempt, ex.Status, ex.ErrorCode));

    private BlockBlobClient Archive(SetId set) => containers.Archives.GetBlockBlobClient(set.ArchiveName);

    private async Task<ArchiveResult> WriteAsync(ArchiveRead read, SetContents contents, bool includeMicrophoneFiles, CancellationToken ct)
    {
        var archive = Archive(read.Set);
        var (set, current) = (read.Set, read.State);
        var entries = await _files.OfAsync(contents, includeMicrophoneFiles, ct);
        if (entries.Count == 0)
        {
            if (current.ETag is { } etag)
            {
                await archive.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = etag }, ct);
                ArchiveLog.Deleted(logger, set);
            }

            return new ArchiveResult(ArchiveOutcome.Deleted, 0, 0);
        }

        var plan = ArchivePlan.Compose(entries, options);
        if (plan.BlockIds.SequenceEqual(current.Committed))
        {
            ArchiveLog.Unchanged(logger, set, plan.EntryCount);
            return new ArchiveResult(ArchiveOutcome.Unchanged, plan.EntryCount, 0);
        }

        var missing = plan.Blocks.Where(block => !current.Held.Contains(block.Id)).ToList();
        var conditions = current.ETag is { } version
            ? new BlobRequestConditions { IfMatch = version }
            : new BlobRequestConditions { IfNoneMatch = ETag.All };
        await _writer.WriteAsync(archive, plan, missing, conditions, ct);
        ArchiveLog.Committed(logger, set, plan.EntryCount, missing.Count, plan.Blocks.Count);
        return new ArchiveResult(ArchiveOutcome.Committed, plan.EntryCount, missing.Count);
    }
}

/// <summary>A set's archive as read, whose version an update is conditional on.</summary>
internal sealed record ArchiveRead(SetId Set, ArchiveState State);
