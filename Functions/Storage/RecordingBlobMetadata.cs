namespace RecordingFunctions.Storage;

/// <summary>
/// The metadata of a recording blob (and of a set's description), read and written only here: what an upload, the
/// Flask import, the description writer and the archiver's checksum put on a blob, and what the index, the zip, the
/// page and the upload's name choice read back. Values are ASCII text (a blob's metadata allows no more); a value
/// that does not parse reads as absent.
/// </summary>
public sealed record RecordingBlobMetadata
{
    /// <summary>The keys as stored.</summary>
    public static class Keys
    {
        /// <summary>CRC-32 (IEEE, as in ZIP) of the content, 8 lowercase hex digits.</summary>
        public const string Crc32 = "crc32";

        /// <summary>Content length in bytes, decimal: the checksum is the content's only while the blob is that long.</summary>
        public const string Length = "length";

        /// <summary>Upload commit time, ISO 8601 ("O" format) in UTC.</summary>
        public const string Uploaded = "uploaded";

        /// <summary>The file name the watch sent, URL-encoded; see <see cref="EncodeOriginalName(string)"/>.</summary>
        public const string OriginalName = "originalname";

        /// <summary>"true" on microphone recordings (they may be renamed, so the name alone cannot tell).</summary>
        public const string Microphone = "microphone";

        /// <summary>Id of the paired device that uploaded the file ("shared-secret" for legacy watches).</summary>
        public const string Device = "device";

        /// <summary>The identifier the device paired with, URL-encoded; absent when it is the device id itself.</summary>
        public const string DeviceName = "devicename";
    }

    private static readonly HashSet<string> KnownKeys = new(
        [Keys.Crc32, Keys.Length, Keys.Uploaded, Keys.OriginalName, Keys.Microphone, Keys.Device, Keys.DeviceName], StringComparer.OrdinalIgnoreCase);

    /// <summary>The device of files copied in from the Flask server, which recorded no device.</summary>
    public const string ImportedDevice = "flask-import";

    public uint? Crc32 { get; init; }

    public long? Length { get; init; }

    public DateTimeOffset? Uploaded { get; init; }

    /// <summary>The sent name as stored (see <see cref="EncodeOriginalName(string)"/>): what tells a re-send from another file.</summary>
    public string? OriginalName { get; init; }

    /// <summary>The device that sent the file, null for files copied in by hand.</summary>
    public DeviceUploader? Uploader { get; init; }

    /// <summary>Whether the file is a microphone recording, as its upload said; null when it did not say.</summary>
    public bool? Microphone { get; init; }

    /// <summary>Keys this model does not read (put on the blob by other means), kept when it is written back.</summary>
    public IReadOnlyDictionary<string, string> OtherKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>The checksum as stored, 8 lowercase hex digits.</summary>
    public string? Crc32Text => Crc32?.ToString("x8", CultureInfo.InvariantCulture);

    public static RecordingBlobMetadata Read(IDictionary<string, string> metadata) => new()
    {
        Crc32 = metadata.TryGetValue(Keys.Crc32, out var crc) && crc.Length == 8
            && uint.TryParse(crc, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var checksum)
                ? checksum
                : null,
        Length = metadata.TryGetValue(Keys.Length, out var lengthText)
            && long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                ? length
                : null,
        Uploaded = metadata.TryGetValue(Keys.Uploaded, out var uploadedText)
            && DateTimeOffset.TryParse(uploadedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var uploaded)
                ? uploaded
                : null,
        OriginalName = metadata.TryGetValue(Keys.OriginalName, out var original) ? original : null,
        Uploader = metadata.TryGetValue(Keys.Device, out var deviceId)
            ? new DeviceUploader(deviceId, metadata.TryGetValue(Keys.DeviceName, out var name) ? Uri.UnescapeDataString(name) : deviceId)
            : null,
        Microphone = metadata.TryGetValue(Keys.Microphone, out var microphone)
            ? string.Equals(microphone, "true", StringComparison.OrdinalIgnoreCase)
            : null,
        OtherKeys = metadata.Where(pair => !KnownKeys.Contains(pair.Key)).ToDictionary(StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>The metadata to store.</summary>
    public Dictionary<string, string> ToMetadata()
    {
        var metadata = new Dictionary<string, string>(OtherKeys, StringComparer.OrdinalIgnoreCase);
        if (Crc32Text is { } crc)
        {
            metadata[Keys.Crc32] = crc;
        }

        if (Length is { } length)
        {
            metadata[Keys.Length] = length.ToString(CultureInfo.InvariantCulture);
        }

        if (Uploaded is { } uploaded)
        {
            metadata[Keys.Uploaded] = uploaded.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        }

        if (OriginalName is { } original)
        {
            metadata[Keys.OriginalName] = original;
        }

        if (Uploader is { } uploader)
        {
            metadata[Keys.Device] = uploader.DeviceId;
            if (uploader.Identifier != uploader.DeviceId)
            {
                metadata[Keys.DeviceName] = Uri.EscapeDataString(uploader.Identifier);
            }
        }

        if (Microphone is { } microphone)
        {
            metadata[Keys.Microphone] = microphone ? "true" : "false";
        }

        return metadata;
    }

    /// <summary>This metadata with the content's checksum and length.</summary>
    public RecordingBlobMetadata WithChecksum(uint crc32, long length) => this with { Crc32 = crc32, Length = length };

    /// <summary>Whether the stored checksum is that of content of <paramref name="contentLength"/> bytes (a blob replaced by other means keeps stale metadata).</summary>
    public bool HasChecksumFor(long contentLength) => Crc32 is not null && Length == contentLength;

    /// <summary>
    /// When the file was uploaded: as its metadata says, else (a file copied in by hand) when its blob was created,
    /// else last changed.
    /// </summary>
    public DateTimeOffset UploadedAt(DateTimeOffset? blobCreated, DateTimeOffset? blobModified) =>
        Uploaded ?? blobCreated ?? blobModified ?? DateTimeOffset.MinValue;

    /// <summary>A microphone recording: marked so at upload, or (for files copied in without the mark) named as the protocol says.</summary>
    public bool IsMicrophone(string fileName) => Microphone ?? IsMicrophoneName(fileName);

    /// <summary>The protocol's rule for microphone recordings: a zip whose name contains "mic".</summary>
    public static bool IsMicrophoneName(string fileName) =>
        fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) && fileName.Contains("mic", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <see cref="OriginalName"/> of a sent name: its UTF-8 bytes, every byte but A-Z a-z 0-9 - . _ ~ as %XX.</summary>
    public static string EncodeOriginalName(string sent) => Uri.EscapeDataString(sent);

    /// <summary>
    /// The <see cref="OriginalName"/> of a sent name that is not valid UTF-8, from its bytes as sent, encoded as
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
}

/// <summary>A device that sends files: its id, and the identifier it paired with.</summary>
public sealed record DeviceUploader(string DeviceId, string Identifier);
