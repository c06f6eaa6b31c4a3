using RecordingFunctions.Storage;
namespace RecordingFunctions.Archive;
public sealed class SetArchiver(BlobContainers containers, BlobReadLinks readLinks)
{
    public Task UpdateAsync(string setId, bool includeMicrophoneFiles, CancellationToken cancellationToken) { _ = (containers, readLinks, setId, includeMicrophoneFiles, cancellationToken); return Task.CompletedTask; }
}
