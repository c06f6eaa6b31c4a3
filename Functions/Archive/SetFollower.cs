using Azure.Storage.Blobs;
using RecordingFunctions.Configuration;
using RecordingFunctions.Participants;
using RecordingFunctions.Sensors;
using RecordingFunctions.Statistics;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Archive;

/// <summary>
/// Everything derived from a set's blobs, brought up to date when one of them appears: the index row (and the
/// device's count of sets when the set is new, and the audit entry of each device mark), the zip, the quality of a
/// motion-sensor file and the set's statistics. Each step is idempotent, so a trigger retried or delivered twice changes nothing.
/// </summary>
public sealed class SetFollower(
    SetIndex index, DeviceRegistry devices, AuditLog audit, SetArchiver archiver, SensorQualityAnalyzer sensorQuality, ConfigStore config,
    SetAssignments assignments, SetStatisticsRecorder statistics)
{
    public const string DeviceMarkAction = "set from an unexpected device";

    public async Task FollowAsync(string setId, BlobClient blob, CancellationToken cancellationToken)
    {
        var refresh = await index.RefreshAsync(setId, cancellationToken);
        if (refresh is { NewlyListed: true, DeviceId: { } deviceId })
        {
            await devices.CountNewSetAsync(deviceId, cancellationToken);
        }

        // Written again with every file of a marked set, replacing itself, so a failure after the index was
        // updated is made good by the trigger's retry.
        foreach (var mark in refresh.DeviceMarks)
        {
            await audit.RecordOnceAsync(
                $"{setId}/{mark.Kind}/{mark.DeviceId}", mark.Since, DeviceMarkAction, mark.Device, "upload", $"set {setId}: {mark.Text}", cancellationToken);
        }

        await assignments.FollowAsync(setId, cancellationToken);

        var settings = await config.GetAsync(cancellationToken);
        await archiver.UpdateAsync(setId, settings.PackMicFiles, cancellationToken);

        // After the archive, so that a file that cannot be measured never holds the zip back.
        var fileName = blob.Name[(setId.Length + 1)..];
        await sensorQuality.RecordIfSensorFileAsync(setId, fileName, blob, cancellationToken);

        // Last: it reads the quality figures just recorded and the recording date the assignment found.
        await statistics.FollowAsync(setId, fileName, blob, cancellationToken);
    }
}
