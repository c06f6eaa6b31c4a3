namespace RecordingFunctions.Migration;

/// <summary>
/// Brings every set's derived data (index row, participant, zip: <see cref="SetProjection"/>) up to date with what is in
/// the <c>recordings</c> container: after copying in the Flask server's folders, or whenever blobs were added by other
/// means than an upload.
/// </summary>
public sealed class IndexRebuild(BlobContainers containers, SetProjection projection, ILogger<IndexRebuild> logger)
{
    public async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        var sets = 0;
        await foreach (var item in containers.Recordings.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Delimiter = "/" }, cancellationToken))
        {
            if (!item.IsPrefix || !SetId.TryParseStored(item.Prefix.TrimEnd('/'), out var set))
            {
                continue;
            }

            var archive = await projection.UpdateAsync(set, null, cancellationToken);
            logger.LogInformation("Rebuilt set {Set}: {Entries} files in its zip", set, archive.Entries);
            sets++;
        }

        return sets;
    }
}
