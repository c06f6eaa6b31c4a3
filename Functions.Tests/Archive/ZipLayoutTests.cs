using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using RecordingFunctions.Archive;

namespace RecordingFunctions.Tests.Archive;

public class ZipLayoutTests
{
    private const long FourGiB = 4L * 1024 * 1024 * 1024;
    private static readonly DateTimeOffset Uploaded = new(2024, 5, 17, 13, 45, 31, TimeSpan.Zero);

    [Fact]
    public void DosTimeHasTwoSecondPrecisionAndIsClampedToTheDosRange()
    {
        Assert.Equal(((13 << 11) | (45 << 5) | 15, ((2024 - 1980) << 9) | (5 << 5) | 17), ToInts(ZipEntryLayout.ToDosDateTime(Uploaded)));
        Assert.Equal((0, (1 << 5) | 1), ToInts(ZipEntryLayout.ToDosDateTime(new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero))));
        Assert.Equal(127, ZipEntryLayout.ToDosDateTime(new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero)).Date >> 9);
    }

    [Fact]
    public void LocalHeaderOfASmallEntryHasClassicSizesAndNoExtraField()
    {
        var header = new ZipEntryLayout(new ZipEntry("a b.csv", 0xdeadbeef, 1234, Uploaded), forceZip64: false).LocalHeader();

        Assert.Equal(30 + 7, header.Length);
        Assert.Equal(0x04034b50u, U32(header, 0));
        Assert.Equal(20, U16(header, 4));
        Assert.Equal(0, U16(header, 6)); // no UTF-8 flag, no data descriptor
        Assert.Equal(0, U16(header, 8)); // STORED
        Assert.Equal(0xdeadbeefu, U32(header, 14));
        Assert.Equal(1234u, U32(header, 18));
        Assert.Equal(1234u, U32(header, 22));
        Assert.Equal(0, U16(header, 28));
        Assert.Equal("a b.csv", Encoding.ASCII.GetString(header, 30, 7));
    }

    [Fact]
    public void NonAsciiNameIsUtf8WithTheLanguageEncodingFlag()
    {
        var header = new ZipEntryLayout(new ZipEntry("mesure-é.csv", 0, 0, Uploaded), forceZip64: false).LocalHeader();

        Assert.Equal(1 << 11, U16(header, 6));
        Assert.Equal("mesure-é.csv", Encoding.UTF8.GetString(header, 30, U16(header, 26)));
    }

    [Fact]
    public void EntryOver4GiBCarriesItsSizesInZip64ExtraFields()
    {
        var size = FourGiB + 17;
        var entry = new ZipEntry("big.bin", 0x01020304, size, Uploaded);

        var header = new ZipEntryLayout(entry, forceZip64: false).LocalHeader();
        Assert.Equal(45, U16(header, 4));
        Assert.Equal(uint.MaxValue, U32(header, 18));
        Assert.Equal(uint.MaxValue, U32(header, 22));
        Assert.Equal(20, U16(header, 28));
        var extra = 30 + "big.bin".Length;
        Assert.Equal(0x0001, U16(header, extra));
        Assert.Equal(16, U16(header, extra + 2));
        Assert.Equal(size, I64(header, extra + 4));
        Assert.Equal(size, I64(header, extra + 12));

        var directoryOffset = header.Length + size;
        var directory = ZipCentralDirectory.Build([new PlacedZipEntry(entry, 0)], directoryOffset, forceZip64: false);
        var record = ReadRecord(directory, 0);
        Assert.Equal(45, record.VersionNeeded);
        Assert.Equal(uint.MaxValue, record.CompressedSize);
        Assert.Equal(uint.MaxValue, record.UncompressedSize);
        Assert.Equal(0u, record.LocalHeaderOffset); // the offset fits, so it stays out of the extra field
        Assert.Equal([size, size], record.Zip64Values);

        var end = ReadEnd(directory);
        Assert.NotNull(end.Zip64);
        Assert.Equal(directoryOffset, end.Zip64.Value.DirectoryOffset);
        Assert.Equal(uint.MaxValue, end.DirectoryOffset);
        Assert.Equal(1, end.Count); // the count and size still fit the classic fields
        Assert.Equal((uint)record.Length, end.DirectorySize);
        Assert.Equal(directoryOffset + record.Length, end.Zip64.Value.LocatedAt);
    }

    [Fact]
    public void EntryPlacedBeyond4GiBCarriesOnlyItsOffsetInTheZip64ExtraField()
    {
        var first = new ZipEntry("a.bin", 1, FourGiB, Uploaded);
        var second = new ZipEntry("b.bin", 2, 10, Uploaded);
        var secondOffset = 30 + 5 + 20 + FourGiB;
        var directory = ZipCentralDirectory.Build(
            [new PlacedZipEntry(first, 0), new PlacedZipEntry(second, secondOffset)], secondOffset + 30 + 5 + 10, forceZip64: false);

        var firstRecord = ReadRecord(directory, 0);
        var secondRecord = ReadRecord(directory, firstRecord.Length);
        Assert.Equal([FourGiB, FourGiB], firstRecord.Zip64Values);
        Assert.Equal(10u, secondRecord.UncompressedSize);
        Assert.Equal(uint.MaxValue, secondRecord.LocalHeaderOffset);
        Assert.Equal([secondOffset], secondRecord.Zip64Values);
        Assert.Equal(45, secondRecord.VersionNeeded);
    }

    [Fact]
    public void MoreThan65535EntriesNeedTheZip64EndRecords()
    {
        const int count = 70_000;
        var placed = Enumerable.Range(0, count)
            .Select(i => new PlacedZipEntry(new ZipEntry($"{i:D6}", 0, 0, Uploaded), i * 36L))
            .ToList();
        var directory = ZipCentralDirectory.Build(placed, count * 36L, forceZip64: false);

        var end = ReadEnd(directory);
        Assert.Equal(ushort.MaxValue, end.Count);
        Assert.NotNull(end.Zip64);
        Assert.Equal(count, end.Zip64.Value.Count);
        Assert.Equal(count * 36L, end.Zip64.Value.DirectoryOffset);
        Assert.Equal(count * 36u, end.DirectoryOffset); // classic field still fits
        Assert.Equal(20, ReadRecord(directory, 0).VersionNeeded);
    }

    [Fact]
    public void SmallArchiveHasNoZip64Records()
    {
        var directory = ZipCentralDirectory.Build([new PlacedZipEntry(new ZipEntry("a", 0, 0, Uploaded), 0)], 31, forceZip64: false);

        var end = ReadEnd(directory);
        Assert.Null(end.Zip64);
        Assert.Equal(46 + 1 + 22, directory.Length);
        Assert.Equal(31u, end.DirectoryOffset);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ArchiveAssembledFromTheLayoutOpensAndPassesUnzip(bool forceZip64)
    {
        var files = new Dictionary<string, byte[]>
        {
            ["empty"] = [],
            ["données é.txt"] = Encoding.UTF8.GetBytes("bonjour"),
            ["sensor.bin"] = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray(),
        };
        using var zip = new MemoryStream();
        var placed = new List<PlacedZipEntry>();
        foreach (var (name, content) in files.OrderBy(file => file.Key, StringComparer.Ordinal))
        {
            var entry = new ZipEntry(name, Crc32.HashToUInt32(content), content.Length, Uploaded);
            placed.Add(new PlacedZipEntry(entry, zip.Position));
            zip.Write(new ZipEntryLayout(entry, forceZip64).LocalHeader());
            zip.Write(content);
        }

        var directory = ZipCentralDirectory.Build(placed, zip.Position, forceZip64);
        zip.Write(directory);
        var bytes = zip.ToArray();

        Assert.Equal(forceZip64, ReadEnd(directory).Zip64 is not null);
        ZipAssert.HoldsExactly(bytes, files);
        ZipAssert.PassesUnzipTest(bytes);
        using var archive = new ZipArchive(new MemoryStream(bytes));
        Assert.All(archive.Entries, entry => Assert.Equal(new DateTime(2024, 5, 17, 13, 45, 30), entry.LastWriteTime.DateTime));
    }

    private static (int, int) ToInts((ushort Time, ushort Date) dos) => (dos.Time, dos.Date);

    private static ushort U16(byte[] bytes, long at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)at));

    private static uint U32(byte[] bytes, long at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)at));

    private static long I64(byte[] bytes, long at) => BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan((int)at));

    private sealed record CentralRecord(int Length, ushort VersionNeeded, uint CompressedSize, uint UncompressedSize, uint LocalHeaderOffset, long[] Zip64Values);

    private static CentralRecord ReadRecord(byte[] directory, int at)
    {
        Assert.Equal(0x02014b50u, U32(directory, at));
        var nameLength = U16(directory, at + 28);
        var extraLength = U16(directory, at + 30);
        var values = new List<long>();
        if (extraLength > 0)
        {
            var extra = at + 46 + nameLength;
            Assert.Equal(0x0001, U16(directory, extra));
            Assert.Equal(extraLength - 4, U16(directory, extra + 2));
            for (var field = extra + 4; field < extra + extraLength; field += 8)
            {
                values.Add(I64(directory, field));
            }
        }

        return new CentralRecord(46 + nameLength + extraLength, U16(directory, at + 6), U32(directory, at + 20), U32(directory, at + 24), U32(directory, at + 42), [.. values]);
    }

    private readonly record struct Zip64End(long Count, long DirectorySize, long DirectoryOffset, long LocatedAt);

    private sealed record End(ushort Count, uint DirectorySize, uint DirectoryOffset, Zip64End? Zip64);

    private static End ReadEnd(byte[] directory)
    {
        var end = directory.Length - 22;
        Assert.Equal(0x06054b50u, U32(directory, end));
        Assert.Equal(U16(directory, end + 8), U16(directory, end + 10));
        Zip64End? zip64 = null;
        var locator = end - 20;
        if (locator >= 56 && U32(directory, locator) == 0x07064b50u)
        {
            var record = locator - 56;
            Assert.Equal(0x06064b50u, U32(directory, record));
            Assert.Equal(44, I64(directory, record + 4));
            Assert.Equal(I64(directory, record + 24), I64(directory, record + 32));
            Assert.Equal(1u, U32(directory, locator + 16));
            zip64 = new Zip64End(I64(directory, record + 32), I64(directory, record + 40), I64(directory, record + 48), I64(directory, locator + 8));
            Assert.Equal(zip64.Value.DirectoryOffset + zip64.Value.DirectorySize, zip64.Value.LocatedAt);
        }

        return new End(U16(directory, end + 8), U32(directory, end + 12), U32(directory, end + 16), zip64);
    }
}
