namespace RecordingFunctions.Storage;

/// <summary>The blob containers the app keeps its data in.</summary>
public sealed record BlobContainers(
    BlobContainerClient Recordings,
    BlobContainerClient Models,
    BlobContainerClient Archives,
    BlobContainerClient Config,
    BlobContainerClient Exports)
{
    public IEnumerable<BlobContainerClient> All => [Recordings, Models, Archives, Config, Exports];
}
