namespace RecordingFunctions.Storage;

/// <summary>
/// A set's blobs as one listing found them (see <see cref="SetListing"/>), in name order: its recordings and its
/// description. Everything derived from a set's files reads them from here, so one listing serves every step.
/// </summary>
public sealed class SetContents(SetId set, IReadOnlyList<StoredFile> files)
{
    /// <summary>The set's description, kept beside its recordings (and so in its zip); no upload takes this name.</summary>
    public const string DescriptionFileName = "README.md";

    public SetId Set { get; } = set;

    /// <summary>Every blob listed, the description included.</summary>
    public IReadOnlyList<StoredFile> Files { get; } = files;

    public StoredFile? Description => Find(DescriptionFileName);

    /// <summary>The files a watch or the import stored: all but the description.</summary>
    public IReadOnlyList<StoredFile> Recordings { get; } = [.. files.Where(f => f.Name != DescriptionFileName)];

    public long TotalBytes => Recordings.Sum(f => f.Size);

    public DateTimeOffset? FirstUpload => Recordings.Count == 0 ? null : Recordings.Min(f => f.UploadedAt);

    public DateTimeOffset? LastUpload => Recordings.Count == 0 ? null : Recordings.Max(f => f.UploadedAt);

    /// <summary>Every device that sent recordings into the set, with the time of its first one.</summary>
    public IReadOnlyList<SetUploader> Uploaders =>
    [
        .. Recordings
            .Where(f => f.Metadata.Uploader is not null)
            .GroupBy(f => f.Metadata.Uploader!.DeviceId, StringComparer.Ordinal)
            .Select(device => device.MinBy(f => f.UploadedAt)!)
            .Select(first => new SetUploader(first.Metadata.Uploader!.DeviceId, first.Metadata.Uploader.Identifier, first.UploadedAt)),
    ];

    /// <summary>Whether recordings came from the Flask server, which issued the set's uuid.</summary>
    public bool HasImportedFiles => Recordings.Any(f => f.Metadata.Uploader?.DeviceId == RecordingBlobMetadata.ImportedDevice);

    public StoredFile? Find(string name) => Files.FirstOrDefault(f => f.Name == name);

    public bool Holds(string name) => Find(name) is not null;
}

/// <summary>
/// One file of a set as listed (or read): its name in the set, size, version, when it was uploaded (see
/// <see cref="RecordingBlobMetadata.UploadedAt"/>) and its metadata; <see cref="Blob"/> reads it.
/// </summary>
public sealed record StoredFile(string Name, long Size, ETag ETag, DateTimeOffset UploadedAt, RecordingBlobMetadata Metadata, BlobClient Blob)
{
    public bool Microphone => Metadata.IsMicrophone(Name);

    public string? Crc32 => Metadata.Crc32Text;
}
