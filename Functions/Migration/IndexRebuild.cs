using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using RecordingFunctions.Archive;
using RecordingFunctions.Configuration;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Migration;

/// <summary>
/// Rebuilds the set index and every set's zip from what is in the <c>recordings</c> container: after copying in the
/// Flask server's folders, or whenever blobs were added by other means than an upload.
/// </summary>
public sealed class IndexRebuild(BlobContainers containers, SetIndex index, SetArchiver archiver, ConfigStore config, ILogger<IndexRebuild> logger)
{
    public async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        var settings = await config.GetAsync(cancellationToken);
        var sets = 0;
        await foreach (var item in containers.Recordings.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Delimiter = "/" }, cancellationToken))
        {
            if (!item.IsPrefix || !Guid.TryParseExact(item.Prefix.TrimEnd('/'), "D", out var setGuid) || item.Prefix.TrimEnd('/') != setGuid.ToString("D"))
            {
                continue;
            }

            var setId = setGuid.ToString("D");
            await index.RefreshAsync(setId, cancellationToken);
            var archive = await archiver.UpdateAsync(setId, settings.PackMicFiles, cancellationToken);
            logger.LogInformation("Rebuilt set {Set}: {Entries} files in its zip", setId, archive.Entries);
            sets++;
        }

        return sets;
    }
}
