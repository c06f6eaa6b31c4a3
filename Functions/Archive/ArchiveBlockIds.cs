using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RecordingFunctions.Archive;

/// <summary>
/// Block IDs derived from what a block holds, so the same entry always maps to the same committed blocks and an update
/// can reuse them. Every ID is a Base64 SHA-256 (44 characters): a blob requires all its block IDs to be equally long.
/// </summary>
internal static class ArchiveBlockIds
{
    private static readonly byte[] CopyTag = "archive-copy-v1"u8.ToArray();

    /// <summary>ID of a block staged from bytes in hand (a local header or the central directory).</summary>
    public static string ForContent(byte[] content) => Convert.ToBase64String(SHA256.HashData(content));

    /// <summary>
    /// ID of a block copied from a range of a recording: the entry's header fixes name, CRC-32 and size, the ETag fixes
    /// the exact source version, and the range fixes the bytes within it.
    /// </summary>
    public static string ForCopy(byte[] localHeader, ETag sourceETag, HttpRange range)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(CopyTag);
        hash.AppendData(localHeader);
        // Listings give ETags unquoted, response headers quoted: hash the bare value so both name the same version.
        hash.AppendData(Encoding.UTF8.GetBytes(sourceETag.ToString().Trim('"')));
        Span<byte> bounds = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(bounds, range.Offset);
        BinaryPrimitives.WriteInt64LittleEndian(bounds[8..], range.Length ?? -1);
        hash.AppendData(bounds);
        return Convert.ToBase64String(hash.GetHashAndReset());
    }
}
