namespace RecordingFunctions.Storage;

/// <summary>
/// Told when a recording blob has been committed. Under the Functions host the blob trigger reacts to the blob
/// itself, so the default does nothing; the development host replaces it to deliver the blob-created event.
/// </summary>
public interface IRecordingEvents
{
    ValueTask FileStoredAsync(SetId setId, string fileName, CancellationToken cancellationToken);
}

public sealed class BlobTriggerRecordingEvents : IRecordingEvents
{
    public ValueTask FileStoredAsync(SetId setId, string fileName, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
