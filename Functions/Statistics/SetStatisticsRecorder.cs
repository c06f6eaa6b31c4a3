namespace RecordingFunctions.Statistics;

/// <summary>Keeps a set's statistics up to date: what an arriving file contributes, and the figures recomputed from the row.</summary>
public sealed class SetStatisticsRecorder(SetIndex index, ILogger<SetStatisticsRecorder> logger)
{
    /// <summary>MetaInfo, hand-wash and evaluation files are a few KiB; a larger one is not read.</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>
    /// What <paramref name="file"/> contributes when it is a file that counts, read in the version listed; null for
    /// every other file, and for one deleted or replaced since (the refresh of that change, or the replacement's own
    /// update, counts it).
    /// </summary>
    public async Task<SetFileFacts?> ReadFactsAsync(SetId set, StoredFile file, CancellationToken cancellationToken)
    {
        if (SetFileFacts.KindOf(file.Name) is not { } kind)
        {
            return null;
        }

        if (file.Size > MaxFileBytes)
        {
            logger.LogWarning("{File} of set {Set} has {Bytes} bytes, too many for a {Kind} file: it is left out of the statistics", file.Name, set, file.Size, kind);
            return new SetFileFacts(file.Name, kind);
        }

        try
        {
            var content = await file.Blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = new() { IfMatch = file.ETag } }, cancellationToken);
            return SetFileFacts.Parse(kind, file.Name, content.Value.Content.ToMemory().Span);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>
    /// Keeps what an arrived file contributes (its sensor <paramref name="quality"/>, its <paramref name="facts"/>; either
    /// may be null), replacing earlier figures of the same file, and recomputes the set's figures from its row, in one
    /// write conditional on the row. Idempotent: a retried update writes nothing new.
    /// </summary>
    public Task RecordAsync(SetId set, SensorQuality? quality, SetFileFacts? facts, CancellationToken cancellationToken) =>
        index.AmendAsync(
            set,
            row =>
            {
                if (quality is not null)
                {
                    SetQualityRow.Record(row, quality);
                }

                var kept = SetStatisticsRow.ReadFacts(row);
                var changed = SetStatisticsRow.Update(row, facts is null ? kept : kept.Where(f => f.FileName != facts.FileName).Append(facts));
                return changed || quality is not null;
            },
            cancellationToken);
}
