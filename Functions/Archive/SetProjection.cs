namespace RecordingFunctions.Archive;

/// <summary>
/// The one place that brings everything derived from a set's blobs up to date: its index row (with the device's count
/// of sets when the set is new, and the audit entry of each device mark), its participant (and the participants' last
/// uploads), its zip, and for a file that arrived, that file's sensor quality and statistics facts, then the set's
/// figures. The blob trigger, the page's edits and the rebuild all come here. The set is listed once, and that listing
/// is handed to every step. Each step is idempotent, so an update retried or run twice changes nothing.
/// </summary>
public sealed class SetProjection(
    SetListing listing,
    SetIndex index,
    DeviceRegistry devices,
    AuditLog audit,
    SetAssignments assignments,
    SetArchiver archiver,
    ConfigStore config,
    SetStatisticsRecorder statistics)
{
    public const string DeviceMarkAction = "set from an unexpected device";

    /// <param name="arrivedFile">The file whose arrival (or replacement) this follows; null after an edit, or for the rebuild.</param>
    /// <returns>What became of the set's zip.</returns>
    public async Task<ArchiveResult> UpdateAsync(SetId set, string? arrivedFile, CancellationToken cancellationToken)
    {
        // The row and the zip are read before the set is listed: their writes are conditional on these versions, so they
        // rest on a listing at least as new as the one behind the versions they replace, never on an older one.
        var row = await index.ReadAsync(set, cancellationToken);
        var archive = await archiver.ReadAsync(set, cancellationToken);
        var contents = await listing.ReadAsync(set, cancellationToken);

        var refresh = await index.RefreshAsync(row, contents, cancellationToken);
        if (refresh is { NewlyListed: true, DeviceId: { } deviceId })
        {
            await devices.CountNewSetAsync(deviceId, cancellationToken);
        }

        // Written again with every update of a marked set, replacing itself, so a failure after the index was
        // updated is made good by the retry.
        foreach (var mark in refresh.DeviceMarks)
        {
            await audit.RecordOnceAsync(
                $"{set}/{mark.Kind}/{mark.DeviceId}", mark.Since, DeviceMarkAction, mark.Device, "upload", $"set {set}: {mark.Text}", cancellationToken);
        }

        await assignments.FollowAsync(set, contents, cancellationToken);

        var settings = await config.GetAsync(cancellationToken);
        var zip = await archiver.UpdateAsync(archive, contents, settings.PackMicFiles, cancellationToken);

        // After the zip, so that a file that cannot be measured never holds it back; last, as the figures use the
        // quality measured and the recording date the assignment found.
        var arrived = arrivedFile is null ? null : contents.Find(arrivedFile);
        await statistics.RecordAsync(
            set,
            arrived is null ? null : await SensorQualityAnalyzer.MeasureAsync(arrived, cancellationToken),
            arrived is null ? null : await statistics.ReadFactsAsync(set, arrived, cancellationToken),
            cancellationToken);
        return zip;
    }

    /// <summary>Forgets a set whose blobs were all deleted: its zip and its index rows.</summary>
    public async Task RemoveAsync(SetId set, CancellationToken cancellationToken)
    {
        var settings = await config.GetAsync(cancellationToken);
        await archiver.UpdateAsync(set, settings.PackMicFiles, cancellationToken);
        await index.RemoveAsync(set, cancellationToken);
    }
}
