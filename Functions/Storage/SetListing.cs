namespace RecordingFunctions.Storage;

/// <summary>
/// Lists a set's blobs with their metadata in one List Blobs by the set's folder: the one way the app learns which
/// files a set holds. An update of the set's derived data (<see cref="Archive.SetProjection"/>) lists it once and hands
/// that listing to every step; the page's set view, the export, the preview, the deletion and an upload's choice of
/// name list through here too.
/// </summary>
public sealed class SetListing(BlobContainers containers)
{
    /// <summary>The set's recordings and its description.</summary>
    public Task<SetContents> ReadAsync(SetId set, CancellationToken cancellationToken) =>
        ReadAsync(containers.Recordings, set, "", cancellationToken);

    /// <summary>The set's files in <paramref name="container"/> whose names start with <paramref name="namePrefix"/>.</summary>
    public static async Task<SetContents> ReadAsync(BlobContainerClient container, SetId set, string namePrefix, CancellationToken cancellationToken)
    {
        var files = new List<StoredFile>();
        await foreach (var item in container.GetBlobsAsync(
            new GetBlobsOptions { Prefix = set.BlobName(namePrefix), Traits = BlobTraits.Metadata }, cancellationToken))
        {
            var metadata = RecordingBlobMetadata.Read(item.Metadata);
            files.Add(new StoredFile(
                set.FileNameOf(item.Name),
                item.Properties.ContentLength ?? 0,
                item.Properties.ETag!.Value,
                metadata.UploadedAt(item.Properties.CreatedOn, item.Properties.LastModified),
                metadata,
                container.GetBlobClient(item.Name)));
        }

        return new SetContents(set, files);
    }

    /// <summary>
    /// Writes something derived from a set, conditional on the version of it read before the set was listed, until the
    /// write does not lose a race to another writer: first from <paramref name="read"/> and <paramref name="contents"/>
    /// (listed after that read), then each time from a new read and a new listing after it. A write resting on a
    /// listing older than the version it replaces could undo a newer one and lose a file.
    /// </summary>
    public Task<T> WriteAfterReadAsync<TRead, T>(
        TRead read,
        SetContents contents,
        Func<Task<TRead>> readAgain,
        Func<TRead, SetContents, Task<T>> write,
        CancellationToken cancellationToken,
        Func<RequestFailedException, bool>? lostRace = null,
        Action<int, RequestFailedException>? onLostRace = null)
    {
        var first = true;
        return OptimisticConcurrency.RetryAsync(
            async () =>
            {
                var (current, listed) = first ? (read, contents) : (await readAgain(), await ReadAsync(contents.Set, cancellationToken));
                first = false;
                return await write(current, listed);
            },
            cancellationToken,
            lostRace,
            onLostRace);
    }

    /// <summary>One file of the set, read by its name; null when the set has no such file.</summary>
    public async Task<StoredFile?> FindAsync(SetId set, string fileName, CancellationToken cancellationToken)
    {
        var blob = containers.Recordings.GetBlobClient(set.BlobName(fileName));
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            var metadata = RecordingBlobMetadata.Read(properties.Metadata);
            return new StoredFile(fileName, properties.ContentLength, properties.ETag, metadata.UploadedAt(properties.CreatedOn, properties.LastModified), metadata, blob);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The set's description as listed, as text; null when it has none, or it went since the listing.</summary>
    public static async Task<string?> ReadDescriptionAsync(SetContents contents, CancellationToken cancellationToken)
    {
        if (contents.Description is not { } description)
        {
            return null;
        }

        try
        {
            return (await description.Blob.DownloadContentAsync(cancellationToken)).Value.Content.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
