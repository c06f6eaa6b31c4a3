using System.Buffers.Binary;

namespace RecordingFunctions.Archive;

/// <summary>
/// Field values shared by an entry's local header and its central directory record (PKWARE APPNOTE 6.3.10, 4.3.7 and 4.3.12).
/// Entries are STORED with sizes and CRC-32 known up front, so no data descriptor follows the data.
/// </summary>
internal sealed class ZipEntryLayout
{
    public const uint LocalHeaderSignature = 0x04034b50;
    public const int LocalHeaderFixedSize = 30;
    public const ushort Zip64ExtraTag = 0x0001;
    public const ushort VersionDefault = 20;
    public const ushort VersionZip64 = 45;
    public const ushort MethodStored = 0;
    public const uint Saturated32 = uint.MaxValue;
    public const ushort Saturated16 = ushort.MaxValue;

    private const ushort Utf8NameFlag = 1 << 11;

    public ZipEntryLayout(ZipEntry entry, bool forceZip64)
    {
        Entry = entry;
        NameBytes = Encoding.UTF8.GetBytes(entry.Name); // blob names (at most 1,024 characters) always fit the 16-bit length
        Flags = Ascii.IsValid(entry.Name) ? (ushort)0 : Utf8NameFlag;
        (DosTime, DosDate) = ToDosDateTime(entry.Modified);
        SizesInZip64 = forceZip64 || NeedsZip64(entry.Size);
    }

    public ZipEntry Entry { get; }

    public byte[] NameBytes { get; }

    public ushort Flags { get; }

    public ushort DosTime { get; }

    public ushort DosDate { get; }

    /// <summary>Whether both size fields hold 0xFFFFFFFF and the real sizes sit in a ZIP64 extra field.</summary>
    public bool SizesInZip64 { get; }

    // The marker value itself must be escaped, hence >= rather than >.
    public static bool NeedsZip64(long value) => value >= Saturated32;

    public byte[] LocalHeader()
    {
        var extraLength = SizesInZip64 ? 4 + 16 : 0;
        var header = new byte[LocalHeaderFixedSize + NameBytes.Length + extraLength];
        var span = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, LocalHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], SizesInZip64 ? VersionZip64 : VersionDefault);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], MethodStored);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(span[12..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[14..], Entry.Crc32);
        var size32 = SizesInZip64 ? Saturated32 : (uint)Entry.Size;
        BinaryPrimitives.WriteUInt32LittleEndian(span[18..], size32);
        BinaryPrimitives.WriteUInt32LittleEndian(span[22..], size32);
        BinaryPrimitives.WriteUInt16LittleEndian(span[26..], (ushort)NameBytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(span[28..], (ushort)extraLength);
        NameBytes.CopyTo(span[LocalHeaderFixedSize..]);
        if (SizesInZip64)
        {
            // In a local header the ZIP64 extra field carries both sizes (APPNOTE 4.5.3).
            var extra = span[(LocalHeaderFixedSize + NameBytes.Length)..];
            BinaryPrimitives.WriteUInt16LittleEndian(extra, Zip64ExtraTag);
            BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], 16);
            BinaryPrimitives.WriteInt64LittleEndian(extra[4..], Entry.Size);
            BinaryPrimitives.WriteInt64LittleEndian(extra[12..], Entry.Size);
        }

        return header;
    }

    /// <summary>MS-DOS date and time (APPNOTE 4.4.6) of the UTC instant, clamped to the range DOS can express.</summary>
    internal static (ushort Time, ushort Date) ToDosDateTime(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        if (utc.Year < 1980)
        {
            return (0, (1 << 5) | 1);
        }

        if (utc.Year > 2107)
        {
            return ((23 << 11) | (59 << 5) | (58 / 2), (127 << 9) | (12 << 5) | 31);
        }

        var time = (utc.Hour << 11) | (utc.Minute << 5) | (utc.Second / 2);
        var date = ((utc.Year - 1980) << 9) | (utc.Month << 5) | utc.Day;
        return ((ushort)time, (ushort)date);
    }
}
