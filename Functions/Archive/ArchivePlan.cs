using Azure;
using Azure.Storage.Blobs;

namespace RecordingFunctions.Archive;

/// <summary>One block of the archive blob, in commit order.</summary>
internal abstract record ArchiveBlock(string Id);

/// <summary>A block whose bytes are built here: a local header or the central directory.</summary>
internal sealed record ContentBlock(string Id, byte[] Content) : ArchiveBlock(Id);

/// <summary>A block copied server-side from a range of one version of a recording blob.</summary>
internal sealed record CopiedBlock(string Id, BlobClient Source, ETag SourceETag, HttpRange Range) : ArchiveBlock(Id);

/// <summary>A recording to archive: which blob version, and what its entry declares.</summary>
internal sealed record SetFile(BlobClient Blob, ETag ETag, ZipEntry Entry);

/// <summary>The block list that represents a set's files as a zip: per entry its header then its data ranges, then the directory.</summary>
internal sealed record ArchivePlan(IReadOnlyList<ArchiveBlock> Blocks, int EntryCount)
{
    /// <summary>A block blob holds at most this many committed blocks.</summary>
    public const int MaxBlocks = 50_000;

    public IEnumerable<string> BlockIds => Blocks.Select(block => block.Id);

    public static ArchivePlan Compose(IEnumerable<SetFile> files, long rangeSize, bool forceZip64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rangeSize, 0);

        var blocks = new List<ArchiveBlock>();
        var placed = new List<PlacedZipEntry>();
        long offset = 0;
        foreach (var file in files.OrderBy(file => file.Entry.Name, StringComparer.Ordinal))
        {
            var header = new ZipEntryLayout(file.Entry, forceZip64).LocalHeader();
            placed.Add(new PlacedZipEntry(file.Entry, offset));
            blocks.Add(new ContentBlock(ArchiveBlockIds.ForContent(header), header));
            for (long start = 0; start < file.Entry.Size; start += rangeSize)
            {
                var range = new HttpRange(start, Math.Min(rangeSize, file.Entry.Size - start));
                blocks.Add(new CopiedBlock(ArchiveBlockIds.ForCopy(header, file.ETag, range), file.Blob, file.ETag, range));
            }

            offset += header.Length + file.Entry.Size;
        }

        var directory = ZipCentralDirectory.Build(placed, offset, forceZip64);
        blocks.Add(new ContentBlock(ArchiveBlockIds.ForContent(directory), directory));
        if (blocks.Count > MaxBlocks)
        {
            throw new InvalidOperationException(
                $"The archive would need {blocks.Count} blocks for {placed.Count} files; a block blob holds at most {MaxBlocks}.");
        }

        return new ArchivePlan(blocks, placed.Count);
    }
}
