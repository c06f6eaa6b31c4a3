using System.Globalization;
using System.Text;

namespace RecordingFunctions.Storage;

/// <summary>Metadata keys written on every recording blob when its upload commits.</summary>
public static class RecordingMetadata
{
    /// <summary>CRC-32 (IEEE, as in ZIP) of the content, 8 lowercase hex digits.</summary>
    public const string Crc32 = "crc32";

    /// <summary>Content length in bytes, decimal.</summary>
    public const string Length = "length";

    /// <summary>Upload commit time, ISO 8601 UTC ("O" format).</summary>
    public const string Uploaded = "uploaded";

    /// <summary>The file name the watch sent, URL-encoded (metadata values must be ASCII); see <see cref="EncodeOriginalName(string)"/>.</summary>
    public const string OriginalName = "originalname";

    /// <summary>"true" on microphone recordings (they may be renamed, so the name alone cannot tell).</summary>
    public const string Microphone = "microphone";

    /// <summary>Id of the paired device that uploaded the file ("shared-secret" for legacy watches).</summary>
    public const string Device = "device";

    /// <summary>The <see cref="Device"/> of files copied in from the Flask server, which recorded no device.</summary>
    public const string ImportedDevice = "flask-import";

    /// <summary>The identifier the device paired with, URL-encoded (metadata values must be ASCII).</summary>
    public const string DeviceName = "devicename";

    /// <summary>The <see cref="OriginalName"/> value of a sent name: its UTF-8 bytes, every byte but A-Z a-z 0-9 - . _ ~ as %XX.</summary>
    public static string EncodeOriginalName(string sent) => Uri.EscapeDataString(sent);

    /// <summary>
    /// The <see cref="OriginalName"/> value of a sent name that is not valid UTF-8, from its bytes as sent, encoded as
    /// <see cref="EncodeOriginalName(string)"/> encodes valid ones (for those the two agree).
    /// </summary>
    public static string EncodeOriginalName(ReadOnlySpan<byte> sent)
    {
        var encoded = new StringBuilder(sent.Length * 3);
        foreach (var b in sent)
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    /// <summary>Adds the content's checksum and length to <paramref name="metadata"/>; returns the checksum as written.</summary>
    public static string AddChecksum(IDictionary<string, string> metadata, uint crc32, long length)
    {
        var crcText = crc32.ToString("x8", CultureInfo.InvariantCulture);
        metadata[Crc32] = crcText;
        metadata[Length] = length.ToString(CultureInfo.InvariantCulture);
        return crcText;
    }

    /// <summary>
    /// A microphone recording: marked so at upload, or (for files copied in without metadata) named as the protocol
    /// says: a zip whose name contains "mic".
    /// </summary>
    public static bool IsMicrophone(string fileName, IDictionary<string, string> metadata) =>
        metadata.TryGetValue(Microphone, out var value)
            ? string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)
            : fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) && fileName.Contains("mic", StringComparison.OrdinalIgnoreCase);
}
