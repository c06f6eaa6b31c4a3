namespace RecordingFunctions.Storage;

/// <summary>
/// Keeps the set index (rows as <see cref="SetRow"/> lays them out; read through <see cref="SetQueries"/>), so that
/// listing sets never lists blobs: a row when <c>GET recording/new/</c> issues a uuid, refreshed from the set's listing
/// whenever its files change (<see cref="Archive.SetProjection"/>), amended by the steps that add to it, removed with
/// the set. Every change is conditional on the row read first and writes the row and its listing copy in one
/// transaction. The summary is derived from the set's blobs, so a refresh is idempotent and self-healing; so are the
/// device marks (<see cref="SetDeviceMarks"/>): this is the one place that reads who sent a set's files.
/// </summary>
public sealed class SetIndex(StorageTables tables, SetListing listing, TimeProvider clock)
{
    private TableClient Table => tables.RecordingSets;

    /// <summary>Records a uuid handed to <paramref name="device"/> by <c>GET recording/new/</c>.</summary>
    public Task IssueAsync(SetId set, DeviceUploader device, CancellationToken cancellationToken) =>
        Table.AddEntityAsync(SetRow.Issued(set, clock.GetUtcNow(), device), cancellationToken);

    /// <summary>The set's row as it is now (null: none yet), for a refresh from a listing taken after this read.</summary>
    internal async Task<SetRowRead> ReadAsync(SetId set, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(SetRow.Partition, SetRow.Key(set), cancellationToken: cancellationToken);
        return new SetRowRead(set, found.HasValue ? found.Value : null);
    }

    /// <summary>
    /// Recomputes the set's summary and device marks from <paramref name="contents"/>, listed after <paramref name="read"/>,
    /// conditional on that read (<see cref="SetListing.WriteAfterReadAsync"/>). A set not handed out by
    /// <c>GET recording/new/</c> takes its device from its earliest file.
    /// </summary>
    internal Task<SetRefresh> RefreshAsync(SetRowRead read, SetContents contents, CancellationToken cancellationToken) =>
        listing.WriteAfterReadAsync(
            read, contents, () => ReadAsync(read.Set, cancellationToken), (current, listed) => WriteRefreshAsync(current, listed, cancellationToken), cancellationToken);

    /// <summary>
    /// Changes a set's row and its listing copy alike with <paramref name="amend"/> (which answers whether it changed
    /// anything), conditional on the row read first (retried on conflict).
    /// </summary>
    /// <returns>False when the set is not indexed.</returns>
    public Task<bool> AmendAsync(SetId set, Func<TableEntity, bool> amend, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async () =>
        {
            if ((await ReadAsync(set, cancellationToken)).Row is not { } row)
            {
                return false;
            }

            if (!amend(row))
            {
                return true;
            }

            List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, row, row.ETag)];
            if (SetRow.IsListed(row))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, SetRow.ListingCopy(row)));
            }

            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Forgets a set whose blobs are all gone.</summary>
    public async Task RemoveAsync(SetId set, CancellationToken cancellationToken)
    {
        if ((await ReadAsync(set, cancellationToken)).Row is not { } row)
        {
            return;
        }

        List<TableTransactionAction> actions = [new(TableTransactionActionType.Delete, row, row.ETag)];
        if (SetRow.IsListed(row))
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, SetRow.ListingCopy(row), ETag.All));
        }

        await Table.SubmitTransactionAsync(actions, cancellationToken);
    }

    private async Task<SetRefresh> WriteRefreshAsync(SetRowRead read, SetContents contents, CancellationToken cancellationToken)
    {
        var row = read.Row ?? SetRow.NotIssued(read.Set, clock.GetUtcNow());
        var wasListed = SetRow.IsListed(row);
        if (contents.Uploaders.MinBy(u => u.FirstUpload) is { } uploader && SetRow.DeviceIdOf(row) is null)
        {
            SetRow.WriteDevice(row, new DeviceUploader(uploader.DeviceId, uploader.Identifier));
        }

        var marks = SetDeviceMarks.For(
            SetRow.IssuedTo(row), row.GetString(nameof(RecordingSetSummary.Device)), contents.Uploaders, contents.HasImportedFiles, SetRow.ReadDeviceMarks(row));
        SetRow.WriteDeviceMarks(row, marks);
        SetRow.WriteFiles(row, contents, await SetListing.ReadDescriptionAsync(contents, cancellationToken));
        SetQualityRow.KeepListed(row, contents);
        SetStatisticsRow.Update(row, SetStatisticsRow.ReadFacts(row).Where(f => contents.Holds(f.FileName)));
        var listed = SetRow.IsListed(row);

        List<TableTransactionAction> actions =
        [
            read.Row is null
                ? new TableTransactionAction(TableTransactionActionType.Add, row)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, row.ETag),
        ];
        if (listed)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, SetRow.ListingCopy(row)));
        }
        else if (wasListed)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, SetRow.ListingCopy(row), ETag.All));
        }

        await Table.SubmitTransactionAsync(actions, cancellationToken);
        return new SetRefresh(listed && !wasListed, SetRow.DeviceIdOf(row), marks);
    }
}

/// <summary>A set's index row as read (null when it has none), whose version a refresh is conditional on.</summary>
internal sealed record SetRowRead(SetId Set, TableEntity? Row);

/// <summary>What a refresh found: whether the set was listed for the first time, the device it belongs to, and its device marks.</summary>
public sealed record SetRefresh(bool NewlyListed, string? DeviceId, IReadOnlyList<DeviceMark> DeviceMarks);
