namespace RecordingFunctions.Archive;

/// <summary>The archive blob as last read: its committed block list, every block it holds, and its version (null if absent).</summary>
internal sealed record ArchiveState(IReadOnlyList<string> Committed, IReadOnlySet<string> Held, ETag? ETag)
{
    private static readonly ArchiveState Absent = new([], new HashSet<string>(), null);

    public static async Task<ArchiveState> ReadAsync(BlockBlobClient archive, CancellationToken ct)
    {
        try
        {
            var blocks = (await archive.GetBlockListAsync(BlockListTypes.All, cancellationToken: ct)).Value;
            var committed = blocks.CommittedBlocks.Select(block => block.Name).ToList();
            var held = committed.Concat(blocks.UncommittedBlocks.Select(block => block.Name)).ToHashSet(StringComparer.Ordinal);

            // A blob with staged blocks only does not exist yet; every committed archive has at least its directory block.
            return new ArchiveState(committed, held, committed.Count > 0 ? blocks.ETag : null);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return Absent;
        }
    }
}
