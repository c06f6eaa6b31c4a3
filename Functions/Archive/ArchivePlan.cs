using System.IO.Hashing;

namespace RecordingFunctions.Archive;

/// <summary>One block of the archive blob, in commit order.</summary>
internal abstract record ArchiveBlock(string Id);

/// <summary>A block whose bytes are built here: a local header (with an inline file's content) or the central directory.</summary>
internal sealed record ContentBlock(string Id, byte[] Content) : ArchiveBlock(Id);

/// <summary>A block copied server-side from a range of one version of a recording blob.</summary>
internal sealed record CopiedBlock(string Id, BlobClient Source, ETag SourceETag, HttpRange Range) : ArchiveBlock(Id);

/// <summary>A file to put into a zip: what its entry declares, and where its bytes come from.</summary>
internal abstract record ArchiveFile(ZipEntry Entry);

/// <summary>A recording, copied from one version of its blob: its bytes never pass through the app.</summary>
internal sealed record CopiedFile(ZipEntry Entry, BlobClient Blob, ETag ETag) : ArchiveFile(Entry);

/// <summary>A small file built here (a participant's CSV), staged in one block with its local header.</summary>
internal sealed record InlineFile(ZipEntry Entry, byte[] Content) : ArchiveFile(Entry)
{
    public static InlineFile Of(string name, byte[] content, DateTimeOffset modified) =>
        new(new ZipEntry(name, Crc32.HashToUInt32(content), content.Length, modified), content);
}

/// <summary>
/// The block list that represents files as a zip: per entry its header then its data (copied ranges, or inline with
/// the header), then the directory. <paramref name="Length"/> is the zip's size in bytes.
/// </summary>
internal sealed record ArchivePlan(IReadOnlyList<ArchiveBlock> Blocks, int EntryCount, long Length)
{
    public IEnumerable<string> BlockIds => Blocks.Select(block => block.Id);

    /// <exception cref="ArchiveTooLargeException">The zip would need more blocks than a block blob holds.</exception>
    public static ArchivePlan Compose(IEnumerable<ArchiveFile> files, ArchiveOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RangeSize, 0);

        var blocks = new List<ArchiveBlock>();
        var placed = new List<PlacedZipEntry>();
        long offset = 0;
        foreach (var file in files.OrderBy(file => file.Entry.Name, StringComparer.Ordinal))
        {
            var header = new ZipEntryLayout(file.Entry, options.ForceZip64).LocalHeader();
            placed.Add(new PlacedZipEntry(file.Entry, offset));
            switch (file)
            {
                case InlineFile inline:
                    byte[] headerAndContent = [.. header, .. inline.Content];
                    blocks.Add(new ContentBlock(ArchiveBlockIds.ForContent(headerAndContent), headerAndContent));
                    break;
                case CopiedFile copied:
                    blocks.Add(new ContentBlock(ArchiveBlockIds.ForContent(header), header));
                    for (long start = 0; start < copied.Entry.Size; start += options.RangeSize)
                    {
                        var range = new HttpRange(start, Math.Min(options.RangeSize, copied.Entry.Size - start));
                        blocks.Add(new CopiedBlock(ArchiveBlockIds.ForCopy(header, copied.ETag, range), copied.Blob, copied.ETag, range));
                    }

                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(files), file, "Unknown archive file kind");
            }

            offset += header.Length + file.Entry.Size;
        }

        var directory = ZipCentralDirectory.Build(placed, offset, options.ForceZip64);
        blocks.Add(new ContentBlock(ArchiveBlockIds.ForContent(directory), directory));
        if (blocks.Count > options.MaxBlocks)
        {
            throw new ArchiveTooLargeException(blocks.Count, placed.Count, options.MaxBlocks);
        }

        return new ArchivePlan(blocks, placed.Count, offset + directory.Length);
    }
}

/// <summary>A zip that would need more blocks than a block blob can commit (a header per file, one per copied range, and the directory).</summary>
internal sealed class ArchiveTooLargeException(int blocks, int files, int maxBlocks)
    : InvalidOperationException($"The zip would need {blocks} blocks for {files} files; a block blob holds at most {maxBlocks}.");
