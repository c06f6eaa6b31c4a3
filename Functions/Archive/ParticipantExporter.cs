namespace RecordingFunctions.Archive;

/// <summary>
/// A participant's data as one zip in the exports container: every file of every set assigned to it under
/// <c>{set uuid}/{stored name}</c>, and its sets' CSV at the root. Composed from blocks like the set archives, so no
/// recording passes through the app and the time grows with the number of files, not their size. Exports do not pile
/// up: a new one deletes the participant's earlier ones and every export older than <see cref="MaxAge"/>.
/// </summary>
public sealed class ParticipantExporter(
    BlobContainers containers,
    SetListing listing,
    BlobReadLinks readLinks,
    SetAssignments assignments,
    ConfigStore config,
    ArchiveOptions options,
    TimeProvider clock,
    ILogger<ParticipantExporter> logger)
{
    /// <summary>No export is kept longer (in Azure the storage account's lifecycle rule deletes them after this, too).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);

    private const int ListingParallelism = 4;

    private readonly SetArchiveFiles _archiveFiles = new(logger);
    private readonly ArchiveBlobWriter _writer = new(readLinks);

    public async Task<ParticipantExportOutcome> ExportAsync(Participant participant, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var now = clock.GetUtcNow();
        var sets = await assignments.SetsOfAsync(participant.Id, cancellationToken);
        var includeMicrophoneFiles = (await config.GetAsync(cancellationToken)).PackMicFiles;
        var filesBySet = new List<CopiedFile>[sets.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, sets.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ListingParallelism, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var set = sets[i].Id;
                var files = await _archiveFiles.OfAsync(await listing.ReadAsync(set, token), includeMicrophoneFiles, token);
                filesBySet[i] = [.. files.Select(file => file with { Entry = file.Entry with { Name = set.BlobName(file.Entry.Name) } })];
            });
        var recordings = filesBySet.SelectMany(files => files).ToList();
        var csv = InlineFile.Of(ParticipantSetsCsv.FileName(participant.Id), ParticipantSetsCsv.Utf8(sets), now);

        ArchivePlan plan;
        try
        {
            plan = ArchivePlan.Compose([.. recordings, csv], options);
        }
        catch (ArchiveTooLargeException tooLarge)
        {
            return new ParticipantExportOutcome(null, $"The data of {participant.Alias} is too large for one zip. {tooLarge.Message} Download its sets' zips instead.");
        }

        var fileName = $"{NamePrefix(participant.Id)}{now.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}.zip";
        var blob = containers.Exports.GetBlockBlobClient(fileName);
        try
        {
            await _writer.WriteAsync(blob, plan, plan.Blocks, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken);
        }
        catch (RequestFailedException lost) when (ArchiveBlobWriter.IsLostRace(lost))
        {
            ArchiveLog.ExportRaced(logger, participant.Id, lost.Status, lost.ErrorCode);
            return new ParticipantExportOutcome(
                null, $"Files of {participant.Alias} changed while the export was being made (or another export was made at the same moment), so none was kept. Export again.");
        }

        await DeleteEarlierExportsAsync(participant.Id, fileName, now, cancellationToken);
        ArchiveLog.Exported(
            logger, participant.Id, fileName, sets.Count, recordings.Count, plan.Blocks.Count, plan.Length, (long)clock.GetElapsedTime(started).TotalMilliseconds);
        return new ParticipantExportOutcome(new ParticipantExport(containers.Exports.GetBlobClient(fileName), sets.Count, recordings.Count, plan.Length), null);
    }

    /// <summary>
    /// Deletes the participant's exports named before <paramref name="newName"/> (its time stamp sorts them), so that an
    /// export made at the same time keeps the newer one, and every export that outlived <see cref="MaxAge"/>.
    /// </summary>
    private async Task DeleteEarlierExportsAsync(string participantId, string newName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prefix = NamePrefix(participantId);
        await foreach (var item in containers.Exports.GetBlobsAsync(new GetBlobsOptions(), cancellationToken))
        {
            var earlier = item.Name.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(item.Name, newName) < 0;
            var outlived = item.Name != newName && item.Properties.CreatedOn < now - MaxAge;
            if (earlier || outlived)
            {
                await containers.Exports.DeleteBlobIfExistsAsync(item.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
                ArchiveLog.ExportDeleted(logger, item.Name);
            }
        }
    }

    private static string NamePrefix(string participantId) => $"participant-{participantId}-";
}

/// <summary>An export made, or why none could be (<paramref name="Refusal"/>; nothing was written then).</summary>
public sealed record ParticipantExportOutcome(ParticipantExport? Export, string? Refusal);

/// <param name="Blob">The zip, in the exports container.</param>
/// <param name="Files">The recordings in it (the CSV not counted).</param>
/// <param name="Bytes">The size of the zip.</param>
public sealed record ParticipantExport(BlobClient Blob, int Sets, int Files, long Bytes)
{
    public string FileName => Blob.Name;
}
