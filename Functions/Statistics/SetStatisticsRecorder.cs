using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Statistics;

/// <summary>Brings a set's statistics up to date when one of its files arrives, reading that file alone when it counts.</summary>
public sealed class SetStatisticsRecorder(SetIndex index, ILogger<SetStatisticsRecorder> logger)
{
    /// <summary>MetaInfo, hand-wash and evaluation files are a few KiB; a larger one is not read.</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Parses <paramref name="fileName"/> when it is a file that counts, and recomputes the set's figures (also after a
    /// sensor file, whose quality figures they use). Idempotent: a retried trigger writes nothing new.
    /// </summary>
    public async Task FollowAsync(string setId, string fileName, BlobClient blob, CancellationToken cancellationToken)
    {
        var facts = await ReadAsync(setId, fileName, blob, cancellationToken);
        await index.AmendAsync(
            setId,
            row => SetStatisticsRow.Update(row, facts is null ? SetStatisticsRow.ReadFacts(row) : SetStatisticsRow.ReadFacts(row).Where(f => f.FileName != fileName).Append(facts)),
            cancellationToken);
    }

    private async Task<SetFileFacts?> ReadAsync(string setId, string fileName, BlobClient blob, CancellationToken cancellationToken)
    {
        if (SetFileFacts.KindOf(fileName) is not { } kind)
        {
            return null;
        }

        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (properties.Value.ContentLength > MaxFileBytes)
            {
                logger.LogWarning("{File} of set {Set} has {Bytes} bytes, too many for a {Kind} file: it is left out of the statistics", fileName, setId, properties.Value.ContentLength, kind);
                return new SetFileFacts(fileName, kind);
            }

            var content = await blob.DownloadContentAsync(new Azure.Storage.Blobs.Models.BlobDownloadOptions { Conditions = new() { IfMatch = properties.Value.ETag } }, cancellationToken);
            return SetFileFacts.Parse(kind, fileName, content.Value.Content.ToMemory().Span);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Deleted or replaced meanwhile: the refresh of that change, or the replacement's own trigger, counts it.
            return null;
        }
    }
}
