namespace RecordingFunctions.Archive;

/// <summary>
/// Two entry points over one <see cref="SetProjection"/> (index, participant, zip, sensor quality, statistics): the polling blob trigger (local,
/// Azurite) and the Event Grid blob trigger (Azure Flex Consumption supports only this source). App settings disable
/// one of them: <c>AzureWebJobs.ArchiveSetOnBlobPolling.Disabled</c> in Azure, <c>AzureWebJobs.ArchiveSetOnEventGrid.Disabled</c>
/// locally. Failures propagate so that the host retries the trigger.
/// </summary>
public sealed class ArchiveFunctions(SetProjection projection)
{
    public const string PollingFunctionName = "ArchiveSetOnBlobPolling";
    public const string EventGridFunctionName = "ArchiveSetOnEventGrid";

    [Function(PollingFunctionName)]
    public Task ArchiveSetOnBlobPolling(
        [BlobTrigger("recordings/{uuid}/{name}", Connection = StorageRegistration.ConnectionName)] BlobClient blob,
        string uuid,
        CancellationToken cancellationToken) => FollowAsync(blob, uuid, cancellationToken);

    [Function(EventGridFunctionName)]
    public Task ArchiveSetOnEventGrid(
        [BlobTrigger("recordings/{uuid}/{name}", Source = BlobTriggerSource.EventGrid, Connection = StorageRegistration.ConnectionName)] BlobClient blob,
        string uuid,
        CancellationToken cancellationToken) => FollowAsync(blob, uuid, cancellationToken);

    private Task FollowAsync(BlobClient blob, string uuid, CancellationToken cancellationToken) =>
        SetId.TryParseStored(uuid, out var set)
            ? projection.UpdateAsync(set, set.FileNameOf(blob.Name), cancellationToken)
            // Blobs outside the {uuid}/{name} layout (copied in by hand) are not part of a set.
            : Task.CompletedTask;
}
