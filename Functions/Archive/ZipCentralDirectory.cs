using System.Buffers.Binary;

namespace RecordingFunctions.Archive;

/// <summary>
/// The central directory and its end records (PKWARE APPNOTE 4.3.12 to 4.3.16), with ZIP64 fields and records
/// wherever a size, an offset or the entry count does not fit the classic fields, or everywhere when forced.
/// </summary>
internal static class ZipCentralDirectory
{
    public const uint RecordSignature = 0x02014b50;
    public const uint Zip64EndSignature = 0x06064b50;
    public const uint Zip64LocatorSignature = 0x07064b50;
    public const uint EndSignature = 0x06054b50;
    public const int RecordFixedSize = 46;
    public const int Zip64EndSize = 56;
    public const int Zip64LocatorSize = 20;
    public const int EndSize = 22;

    /// <summary>Builds the bytes that follow the last entry's data, which starts at <paramref name="directoryOffset"/>.</summary>
    public static byte[] Build(IReadOnlyList<PlacedZipEntry> entries, long directoryOffset, bool forceZip64)
    {
        using var stream = new MemoryStream();
        foreach (var placed in entries)
        {
            WriteRecord(stream, new ZipEntryLayout(placed.Entry, forceZip64), placed.LocalHeaderOffset, forceZip64);
        }

        var directorySize = stream.Length;
        var count = (long)entries.Count;
        var countInZip64 = forceZip64 || count >= ZipEntryLayout.Saturated16;
        var sizeInZip64 = forceZip64 || ZipEntryLayout.NeedsZip64(directorySize);
        var offsetInZip64 = forceZip64 || ZipEntryLayout.NeedsZip64(directoryOffset);
        if (countInZip64 || sizeInZip64 || offsetInZip64)
        {
            WriteZip64End(stream, count, directorySize, directoryOffset);
        }

        Span<byte> end = stackalloc byte[EndSize];
        BinaryPrimitives.WriteUInt32LittleEndian(end, EndSignature);
        var count16 = countInZip64 ? ZipEntryLayout.Saturated16 : (ushort)count;
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], count16);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], count16);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], sizeInZip64 ? ZipEntryLayout.Saturated32 : (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], offsetInZip64 ? ZipEntryLayout.Saturated32 : (uint)directoryOffset);
        stream.Write(end);
        return stream.ToArray();
    }

    private static void WriteRecord(MemoryStream stream, ZipEntryLayout layout, long localHeaderOffset, bool forceZip64)
    {
        var offsetInZip64 = forceZip64 || ZipEntryLayout.NeedsZip64(localHeaderOffset);
        var zip64Values = (layout.SizesInZip64 ? 2 : 0) + (offsetInZip64 ? 1 : 0);
        var extraLength = zip64Values == 0 ? 0 : 4 + (8 * zip64Values);
        var version = zip64Values == 0 ? ZipEntryLayout.VersionDefault : ZipEntryLayout.VersionZip64;

        Span<byte> record = stackalloc byte[RecordFixedSize];
        BinaryPrimitives.WriteUInt32LittleEndian(record, RecordSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(record[4..], version); // made by: MS-DOS attributes (all zero)
        BinaryPrimitives.WriteUInt16LittleEndian(record[6..], version);
        BinaryPrimitives.WriteUInt16LittleEndian(record[8..], layout.Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(record[10..], ZipEntryLayout.MethodStored);
        BinaryPrimitives.WriteUInt16LittleEndian(record[12..], layout.DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(record[14..], layout.DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(record[16..], layout.Entry.Crc32);
        var size32 = layout.SizesInZip64 ? ZipEntryLayout.Saturated32 : (uint)layout.Entry.Size;
        BinaryPrimitives.WriteUInt32LittleEndian(record[20..], size32);
        BinaryPrimitives.WriteUInt32LittleEndian(record[24..], size32);
        BinaryPrimitives.WriteUInt16LittleEndian(record[28..], (ushort)layout.NameBytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(record[30..], (ushort)extraLength);
        BinaryPrimitives.WriteUInt32LittleEndian(record[42..], offsetInZip64 ? ZipEntryLayout.Saturated32 : (uint)localHeaderOffset);
        stream.Write(record);
        stream.Write(layout.NameBytes);
        if (zip64Values == 0)
        {
            return;
        }

        // Only the saturated fields appear, in the fixed order of APPNOTE 4.5.3.
        Span<byte> extra = stackalloc byte[extraLength];
        BinaryPrimitives.WriteUInt16LittleEndian(extra, ZipEntryLayout.Zip64ExtraTag);
        BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], (ushort)(extraLength - 4));
        var field = extra[4..];
        if (layout.SizesInZip64)
        {
            BinaryPrimitives.WriteInt64LittleEndian(field, layout.Entry.Size);
            BinaryPrimitives.WriteInt64LittleEndian(field[8..], layout.Entry.Size);
            field = field[16..];
        }

        if (offsetInZip64)
        {
            BinaryPrimitives.WriteInt64LittleEndian(field, localHeaderOffset);
        }

        stream.Write(extra);
    }

    private static void WriteZip64End(MemoryStream stream, long count, long directorySize, long directoryOffset)
    {
        var zip64EndOffset = directoryOffset + directorySize;
        Span<byte> records = stackalloc byte[Zip64EndSize + Zip64LocatorSize];
        BinaryPrimitives.WriteUInt32LittleEndian(records, Zip64EndSignature);
        BinaryPrimitives.WriteInt64LittleEndian(records[4..], Zip64EndSize - 12); // excludes signature and this field
        BinaryPrimitives.WriteUInt16LittleEndian(records[12..], ZipEntryLayout.VersionZip64);
        BinaryPrimitives.WriteUInt16LittleEndian(records[14..], ZipEntryLayout.VersionZip64);
        BinaryPrimitives.WriteInt64LittleEndian(records[24..], count);
        BinaryPrimitives.WriteInt64LittleEndian(records[32..], count);
        BinaryPrimitives.WriteInt64LittleEndian(records[40..], directorySize);
        BinaryPrimitives.WriteInt64LittleEndian(records[48..], directoryOffset);

        var locator = records[Zip64EndSize..];
        BinaryPrimitives.WriteUInt32LittleEndian(locator, Zip64LocatorSignature);
        BinaryPrimitives.WriteInt64LittleEndian(locator[8..], zip64EndOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1);
        stream.Write(records);
    }
}
