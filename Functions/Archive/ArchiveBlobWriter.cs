namespace RecordingFunctions.Archive;

/// <summary>
/// Writes an <see cref="ArchivePlan"/> into a block blob: bytes built here are staged as they are, data blocks are
/// copied server-side from the recordings with Put Block From URL (authorised by a short-lived read-only SAS), a few
/// at a time; the block list is committed only when every block is staged, so a zip is never seen half-written.
/// </summary>
internal sealed class ArchiveBlobWriter(BlobReadLinks readLinks)
{
    private const int StagingParallelism = 4;
    private static readonly TimeSpan SourceLinkLifetime = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Stages <paramref name="toStage"/> (the plan's blocks the blob does not hold yet), then commits the plan's block
    /// list on <paramref name="conditions"/>.
    /// </summary>
    public async Task WriteAsync(BlockBlobClient target, ArchivePlan plan, IEnumerable<ArchiveBlock> toStage, BlobRequestConditions conditions, CancellationToken ct)
    {
        await Parallel.ForEachAsync(
            toStage,
            new ParallelOptions { MaxDegreeOfParallelism = StagingParallelism, CancellationToken = ct },
            (block, token) => new ValueTask(StageAsync(target, block, token)));
        await target.CommitBlockListAsync(
            plan.BlockIds,
            new CommitBlockListOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" } },
            ct);
    }

    /// <summary>
    /// Failures of <see cref="WriteAsync"/> that mean another writer got in between: the zip or a recording changed or
    /// vanished since it was read (412, 409, a copy source gone), or a concurrent commit or delete discarded blocks
    /// this write relied on. Nothing was committed then.
    /// </summary>
    public static bool IsLostRace(RequestFailedException ex) =>
        OptimisticConcurrency.IsLostRace(ex)
        || ex.ErrorCode == BlobErrorCode.InvalidBlockList
        || ex.ErrorCode == BlobErrorCode.CannotVerifyCopySource
        || (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.BlobNotFound);

    private async Task StageAsync(BlockBlobClient target, ArchiveBlock block, CancellationToken ct)
    {
        switch (block)
        {
            case ContentBlock content:
                using (var stream = new MemoryStream(content.Content, writable: false))
                {
                    await target.StageBlockAsync(content.Id, stream, cancellationToken: ct);
                }

                break;
            case CopiedBlock copy:
                var source = await readLinks.CreateReadLinkAsync(copy.Source, SourceLinkLifetime, ct);
                await target.StageBlockFromUriAsync(
                    source.Uri,
                    copy.Id,
                    new StageBlockFromUriOptions { SourceRange = copy.Range, SourceConditions = new RequestConditions { IfMatch = copy.SourceETag } },
                    ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(block), block, "Unknown archive block kind");
        }
    }
}
