using System.IO.Hashing;
using Azure;
using Azure.Storage.Blobs;
using RecordingFunctions.Archive;

namespace RecordingFunctions.Tests.Archive;

/// <summary>The block list of a zip, checked without storage: the blocks are put together in memory as the service would.</summary>
public sealed class ArchivePlanTests
{
    private static readonly DateTimeOffset Uploaded = new(2024, 5, 17, 13, 45, 31, TimeSpan.Zero);
    private static readonly ArchiveOptions SmallRanges = new() { RangeSize = 1000 };

    [Fact]
    public void Copied_files_become_a_header_and_their_ranges_an_inline_file_one_block_and_the_directory_comes_last()
    {
        var setId = Guid.NewGuid().ToString("D");
        var copied = new Dictionary<string, byte[]>
        {
            [$"{setId}/empty.csv"] = [],
            [$"{setId}/video_0.mkv"] = Enumerable.Range(0, 2500).Select(i => (byte)(i * 13)).ToArray(), // three ranges
        };
        var csv = InlineFile.Of("participant-p-sets.csv", "uuid,recorded_at\r\n"u8.ToArray(), Uploaded);

        var plan = ArchivePlan.Compose([.. copied.Select(file => Copied(file.Key, file.Value)), csv], SmallRanges);

        Assert.Equal(3, plan.EntryCount);
        Assert.Equal(
            [typeof(ContentBlock), typeof(ContentBlock), typeof(CopiedBlock), typeof(CopiedBlock), typeof(CopiedBlock), typeof(ContentBlock), typeof(ContentBlock)],
            plan.Blocks.Select(block => block.GetType()));
        Assert.Equal(csv.Content, ((ContentBlock)plan.Blocks[^2]).Content[^csv.Content.Length..]);
        Assert.Equal([1000L, 1000L, 500L], plan.Blocks.OfType<CopiedBlock>().Select(copy => copy.Range.Length!.Value));
        Assert.Equal(plan.Blocks.Count, plan.BlockIds.Distinct().Count());

        var zip = Assemble(plan, copied);
        Assert.Equal(plan.Length, zip.Length);
        ZipAssert.PassesUnzipTest(zip);
        ZipAssert.HoldsExactly(zip, new Dictionary<string, byte[]>(copied) { [csv.Entry.Name] = csv.Content });
    }

    [Fact]
    public void A_zip_needing_more_blocks_than_allowed_is_refused_with_its_count()
    {
        // Two files of two ranges each: two headers, four ranges and the directory make seven blocks.
        var files = new[] { Copied("a.bin", new byte[2000]), Copied("b.bin", new byte[1500]) };

        Assert.Equal(7, ArchivePlan.Compose(files, SmallRanges with { MaxBlocks = 7 }).Blocks.Count);
        var refused = Assert.Throws<ArchiveTooLargeException>(() => ArchivePlan.Compose(files, SmallRanges with { MaxBlocks = 6 }));
        Assert.Equal("The zip would need 7 blocks for 2 files; a block blob holds at most 6.", refused.Message);
    }

    private static CopiedFile Copied(string name, byte[] content) => new(
        new ZipEntry(name, Crc32.HashToUInt32(content), content.Length, Uploaded),
        new BlobClient(new Uri($"http://127.0.0.1:10000/devstoreaccount1/recordings/{name}")),
        new ETag("0x8DC0000000000" + content.Length));

    /// <summary>What committing the plan makes: each block's bytes in order, copied ranges read from the sources.</summary>
    private static byte[] Assemble(ArchivePlan plan, Dictionary<string, byte[]> sources)
    {
        using var zip = new MemoryStream();
        foreach (var block in plan.Blocks)
        {
            switch (block)
            {
                case ContentBlock content:
                    zip.Write(content.Content);
                    break;
                case CopiedBlock copy:
                    zip.Write(sources[copy.Source.Name], (int)copy.Range.Offset, (int)copy.Range.Length!.Value);
                    break;
            }
        }

        return zip.ToArray();
    }
}
