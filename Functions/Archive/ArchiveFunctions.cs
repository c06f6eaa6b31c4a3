using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using RecordingFunctions.Sensors;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Archive;

/// <summary>
/// Two entry points over one <see cref="SetArchiver"/>: the polling blob trigger (local, Azurite) and the Event Grid
/// blob trigger (Azure Flex Consumption supports only this source). App settings disable one of them:
/// <c>AzureWebJobs.ArchiveSetOnBlobPolling.Disabled</c> in Azure, <c>AzureWebJobs.ArchiveSetOnEventGrid.Disabled</c> locally.
/// Each new motion-sensor zip is also measured once here (<see cref="SensorQualityAnalyzer"/>), after the archive so
/// that a file that cannot be measured never holds the archive back. Failures propagate so that the host retries the trigger.
/// </summary>
public sealed class ArchiveFunctions(SetArchiver archiver, ConfigStore config, SensorQualityAnalyzer sensorQuality)
{
    public const string PollingFunctionName = "ArchiveSetOnBlobPolling";
    public const string EventGridFunctionName = "ArchiveSetOnEventGrid";

    [Function(PollingFunctionName)]
    public Task ArchiveSetOnBlobPolling(
        [BlobTrigger("recordings/{uuid}/{name}", Connection = StorageRegistration.ConnectionName)] BlobClient blob,
        string uuid,
        CancellationToken cancellationToken) => UpdateAsync(blob, uuid, cancellationToken);

    [Function(EventGridFunctionName)]
    public Task ArchiveSetOnEventGrid(
        [BlobTrigger("recordings/{uuid}/{name}", Source = BlobTriggerSource.EventGrid, Connection = StorageRegistration.ConnectionName)] BlobClient blob,
        string uuid,
        CancellationToken cancellationToken) => UpdateAsync(blob, uuid, cancellationToken);

    private async Task UpdateAsync(BlobClient blob, string uuid, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(uuid, "D", out var setGuid) || setGuid.ToString("D") != uuid)
        {
            // Blobs outside the {uuid}/{name} layout (copied in by hand) are not part of a set.
            return;
        }

        var settings = await config.GetAsync(cancellationToken);
        await archiver.UpdateAsync(uuid, settings.PackMicFiles, cancellationToken);
        await sensorQuality.RecordIfSensorFileAsync(uuid, blob.Name[(uuid.Length + 1)..], blob, cancellationToken);
    }
}
