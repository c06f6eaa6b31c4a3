using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Archive;

/// <summary>
/// Two entry points over one <see cref="SetFollower"/> (index, zip, sensor quality): the polling blob trigger (local,
/// Azurite) and the Event Grid blob trigger (Azure Flex Consumption supports only this source). App settings disable
/// one of them: <c>AzureWebJobs.ArchiveSetOnBlobPolling.Disabled</c> in Azure, <c>AzureWebJobs.ArchiveSetOnEventGrid.Disabled</c>
/// locally. Failures propagate so that the host retries the trigger.
/// </summary>
public sealed class ArchiveFunctions(SetFollower follower)
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

    private Task FollowAsync(BlobClient blob, string uuid, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(uuid, "D", out var setGuid) || setGuid.ToString("D") != uuid)
        {
            // Blobs outside the {uuid}/{name} layout (copied in by hand) are not part of a set.
            return Task.CompletedTask;
        }

        return follower.FollowAsync(uuid, blob, cancellationToken);
    }
}
