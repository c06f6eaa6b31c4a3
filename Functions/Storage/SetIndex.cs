using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using RecordingFunctions.Participants;
using RecordingFunctions.Sensors;
using RecordingFunctions.Statistics;

namespace RecordingFunctions.Storage;

/// <summary>
/// The index of recording sets in Table storage, so that listing sets never lists blobs. Each set has a row keyed by
/// its uuid and, once it holds files, a listing row keyed newest-first; both live in one partition and change in one
/// transaction. The summary is derived from the set's blobs, so refreshing is idempotent and self-healing; so are
/// its device marks (<see cref="SetDeviceMarks"/>): the one place that reads who sent a set's files.
/// </summary>
public sealed class SetIndex(StorageTables tables, BlobContainers containers, TimeProvider clock)
{
    public const string DescriptionFileName = "README.md";
    private const string Partition = "sets";
    private const string IdPrefix = "id-";
    private const string ListingPrefix = "t-";
    private const string ListingEnd = "t.";

    /// <summary>On a row the index created for files whose uuid <c>GET recording/new/</c> never handed out.</summary>
    private const string NotIssuedHere = "NotIssuedHere";

    private TableClient Table => tables.RecordingSets;

    /// <summary>Records a uuid handed to a device by <c>GET recording/new/</c>.</summary>
    public async Task IssueAsync(string setId, string deviceId, string deviceIdentifier, CancellationToken cancellationToken)
    {
        var row = NewRow(setId);
        row[nameof(RecordingSetSummary.DeviceId)] = deviceId;
        row[nameof(RecordingSetSummary.Device)] = deviceIdentifier;
        await Table.AddEntityAsync(row, cancellationToken);
    }

    /// <summary>
    /// Recomputes a set's summary and device marks from its blobs, conditional on the row read first (retried on
    /// conflict). A set not handed out by <c>GET recording/new/</c> takes its device from its earliest file.
    /// </summary>
    public Task<SetRefresh> RefreshAsync(string setId, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async () =>
        {
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, IdPrefix + setId, cancellationToken: cancellationToken);
            var row = found.HasValue ? found.Value! : NewRow(setId);
            if (!found.HasValue)
            {
                row[NotIssuedHere] = true;
            }

            var wasListed = row.GetBoolean("Listed") ?? false;
            var contents = await ReadContentsAsync(setId, cancellationToken);
            if (contents.Uploaders.MinBy(u => u.FirstUpload) is { } uploader && string.IsNullOrEmpty(row.GetString(nameof(RecordingSetSummary.DeviceId))))
            {
                row[nameof(RecordingSetSummary.DeviceId)] = uploader.DeviceId;
                row[nameof(RecordingSetSummary.Device)] = uploader.Identifier;
            }

            var marks = SetDeviceMarks.For(
                IssuedTo(row), row.GetString(nameof(RecordingSetSummary.Device)), contents.Uploaders, contents.HasImportedFiles, ReadDeviceMarks(row));
            if (marks.Count == 0)
            {
                row.Remove(nameof(RecordingSetSummary.DeviceMarks));
            }
            else
            {
                row[nameof(RecordingSetSummary.DeviceMarks)] = JsonSerializer.Serialize(marks);
            }

            row[nameof(RecordingSetSummary.FileCount)] = contents.FileCount;
            row[nameof(RecordingSetSummary.TotalBytes)] = contents.TotalBytes;
            row[nameof(RecordingSetSummary.FirstUpload)] = contents.FirstUpload;
            row[nameof(RecordingSetSummary.LastUpload)] = contents.LastUpload;
            row[nameof(RecordingSetSummary.Description)] = contents.DescriptionFirstLine;
            WriteQuality(row, ReadQuality(row).Where(q => contents.FileNames.Contains(q.FileName)));
            SetStatisticsRow.Update(row, SetStatisticsRow.ReadFacts(row).Where(f => contents.FileNames.Contains(f.FileName)));
            var listed = contents.FileCount > 0;
            row["Listed"] = listed;

            var listingRow = new TableEntity(row) { RowKey = ListingKey(setId, row.GetDateTimeOffset(nameof(RecordingSetSummary.IssuedAt))!.Value) };
            List<TableTransactionAction> actions =
            [
                found.HasValue
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, row.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, row),
            ];
            if (listed)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, listingRow));
            }
            else if (wasListed)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, listingRow, ETag.All));
            }

            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return new SetRefresh(listed && !wasListed, row.GetString(nameof(RecordingSetSummary.DeviceId)), marks);
        }, cancellationToken);

    /// <summary>
    /// Keeps the quality figures of one sensor file on the set's rows, replacing earlier figures of the same file.
    /// A set not indexed yet is indexed first.
    /// </summary>
    public async Task RecordSensorQualityAsync(string setId, SensorQuality quality, CancellationToken cancellationToken)
    {
        while (!await AmendAsync(setId, row =>
        {
            WriteQuality(row, ReadQuality(row).Where(q => q.FileName != quality.FileName).Append(quality));
            SetStatisticsRow.Update(row, SetStatisticsRow.ReadFacts(row));
            return true;
        }, cancellationToken))
        {
            await RefreshAsync(setId, cancellationToken);
        }
    }

    /// <summary>
    /// Changes a set's row and its listing row alike with <paramref name="amend"/> (which answers whether it changed
    /// anything), conditional on the row read first (retried on conflict).
    /// </summary>
    /// <returns>False when the set is not indexed.</returns>
    public Task<bool> AmendAsync(string setId, Func<TableEntity, bool> amend, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async () =>
        {
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, IdPrefix + setId, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return false;
            }

            var row = found.Value!;
            if (!amend(row))
            {
                return true;
            }

            List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, row, row.ETag)];
            if (row.GetBoolean("Listed") == true)
            {
                var listingRow = new TableEntity(row) { RowKey = ListingKey(setId, row.GetDateTimeOffset(nameof(RecordingSetSummary.IssuedAt))!.Value) };
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, listingRow));
            }

            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Every set holding files whose row meets <paramref name="condition"/> (a table filter), newest first.</summary>
    public async IAsyncEnumerable<RecordingSetSummary> ListWhereAsync(
        FormattableString condition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = $"{TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {ListingPrefix} and RowKey lt {ListingEnd}")} and ({TableClient.CreateQueryFilter(condition)})";
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return RecordingSetSummary.From(row);
        }
    }

    public async Task<RecordingSetSummary?> GetAsync(string setId, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, IdPrefix + setId, cancellationToken: cancellationToken);
        return found.HasValue ? RecordingSetSummary.From(found.Value!) : null;
    }

    /// <summary>
    /// One page of sets holding files, newest first, optionally only those whose uuid, device or description contains
    /// <paramref name="search"/>. The continuation is the listing key of the last set returned.
    /// </summary>
    public async Task<(IReadOnlyList<RecordingSetSummary> Sets, string? Continuation)> ListAsync(
        int pageSize, string? continuation, string? search, CancellationToken cancellationToken)
    {
        var after = continuation is { Length: > 0 } && continuation.StartsWith(ListingPrefix, StringComparison.Ordinal) ? continuation : ListingPrefix;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {after} and RowKey lt {ListingEnd}");
        var page = new List<(string Key, RecordingSetSummary Set)>(pageSize + 1);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, pageSize + 1), cancellationToken: cancellationToken))
        {
            var set = RecordingSetSummary.From(row);
            if (string.IsNullOrWhiteSpace(search) || set.Matches(search.Trim()))
            {
                page.Add((row.RowKey, set));
                if (page.Count > pageSize)
                {
                    break;
                }
            }
        }

        var more = page.Count > pageSize;
        var sets = page.Take(pageSize).ToList();
        return ([.. sets.Select(s => s.Set)], more ? sets[^1].Key : null);
    }

    /// <summary>Forgets a set whose blobs are all gone.</summary>
    public async Task RemoveAsync(string setId, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, IdPrefix + setId, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return;
        }

        var listingKey = ListingKey(setId, found.Value!.GetDateTimeOffset(nameof(RecordingSetSummary.IssuedAt))!.Value);
        List<TableTransactionAction> actions = [new(TableTransactionActionType.Delete, found.Value!, found.Value!.ETag)];
        if (found.Value!.GetBoolean("Listed") == true)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, listingKey), ETag.All));
        }

        await Table.SubmitTransactionAsync(actions, cancellationToken);
    }

    /// <summary>
    /// The device the set was issued to, or null when it was not issued here. Rows written before sets were marked
    /// carry no <see cref="NotIssuedHere"/>: their device counts as the issued one, unless it is the Flask import's.
    /// </summary>
    private static string? IssuedTo(TableEntity row) =>
        row.GetBoolean(NotIssuedHere) == true || row.GetString(nameof(RecordingSetSummary.DeviceId)) is null or RecordingMetadata.ImportedDevice
            ? null
            : row.GetString(nameof(RecordingSetSummary.DeviceId));

    private TableEntity NewRow(string setId) => new(Partition, IdPrefix + setId)
    {
        [nameof(RecordingSetSummary.Id)] = setId,
        [nameof(RecordingSetSummary.IssuedAt)] = clock.GetUtcNow(),
    };

    private async Task<SetContents> ReadContentsAsync(string setId, CancellationToken cancellationToken)
    {
        var count = 0;
        long bytes = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? first = null, last = null;
        var uploaders = new Dictionary<string, SetUploader>(StringComparer.Ordinal);
        var hasDescription = false;
        await foreach (var blob in containers.Recordings.GetBlobsAsync(
            new GetBlobsOptions { Prefix = setId + "/", Traits = BlobTraits.Metadata }, cancellationToken))
        {
            var name = blob.Name[(setId.Length + 1)..];
            if (name == DescriptionFileName)
            {
                hasDescription = true;
                continue;
            }

            count++;
            names.Add(name);
            bytes += blob.Properties.ContentLength ?? 0;
            var uploaded = UploadedAt(blob);
            first = first is null || uploaded < first ? uploaded : first;
            if (UploaderOf(blob) is { } uploader
                && (!uploaders.TryGetValue(uploader.DeviceId, out var known) || uploaded < known.FirstUpload))
            {
                uploaders[uploader.DeviceId] = new SetUploader(uploader.DeviceId, uploader.Identifier, uploaded);
            }

            last = last is null || uploaded > last ? uploaded : last;
        }

        string? description = null;
        if (hasDescription)
        {
            var text = (await containers.Recordings.GetBlobClient($"{setId}/{DescriptionFileName}").DownloadContentAsync(cancellationToken)).Value.Content.ToString();
            description = text.Split('\n', 2)[0].Trim();
        }

        return new SetContents(
            count, bytes, first, last, description, names, [.. uploaders.Values], uploaders.ContainsKey(RecordingMetadata.ImportedDevice));
    }

    private static DeviceUploader? UploaderOf(BlobItem blob) =>
        blob.Metadata.TryGetValue(RecordingMetadata.Device, out var deviceId)
            ? new DeviceUploader(deviceId, blob.Metadata.TryGetValue(RecordingMetadata.DeviceName, out var name) ? Uri.UnescapeDataString(name) : deviceId)
            : null;

    public static DateTimeOffset UploadedAt(BlobItem blob) =>
        blob.Metadata.TryGetValue(RecordingMetadata.Uploaded, out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var uploaded)
            ? uploaded
            : blob.Properties.LastModified ?? DateTimeOffset.MinValue;

    internal static IReadOnlyList<DeviceMark> ReadDeviceMarks(TableEntity row) =>
        row.GetString(nameof(RecordingSetSummary.DeviceMarks)) is { Length: > 0 } marks ? JsonSerializer.Deserialize<List<DeviceMark>>(marks) ?? [] : [];

    /// <summary>The sensor quality figures kept on a row (see <see cref="ChunkedJson"/>).</summary>
    internal static List<SensorQuality> ReadQuality(TableEntity row) => ChunkedJson.Read<SensorQuality>(row, nameof(RecordingSetSummary.Quality));

    private static void WriteQuality(TableEntity row, IEnumerable<SensorQuality> quality) =>
        ChunkedJson.Write(row, nameof(RecordingSetSummary.Quality), quality.OrderBy(q => q.FileName, StringComparer.Ordinal));

    private static string ListingKey(string setId, DateTimeOffset issuedAt) =>
        $"{ListingPrefix}{DateTimeOffset.MaxValue.Ticks - issuedAt.UtcTicks:D19}-{setId}";

    private sealed record SetContents(
        int FileCount, long TotalBytes, DateTimeOffset? FirstUpload, DateTimeOffset? LastUpload, string? DescriptionFirstLine,
        IReadOnlySet<string> FileNames, IReadOnlyList<SetUploader> Uploaders, bool HasImportedFiles);
}

public sealed record DeviceUploader(string DeviceId, string Identifier);

/// <summary>What a refresh found: whether the set was listed for the first time, the device it belongs to, and its device marks.</summary>
public sealed record SetRefresh(bool NewlyListed, string? DeviceId, IReadOnlyList<DeviceMark> DeviceMarks);

public sealed record RecordingSetSummary(
    string Id,
    DateTimeOffset IssuedAt,
    string? DeviceId,
    string? Device,
    int FileCount,
    long TotalBytes,
    DateTimeOffset? FirstUpload,
    DateTimeOffset? LastUpload,
    string? Description,
    IReadOnlyList<SensorQuality> Quality,
    IReadOnlyList<string> Flags,
    IReadOnlyList<DeviceMark> DeviceMarks,
    SetAssignment Assignment,
    SetStatistics? Statistics,
    IReadOnlyList<string> Tags)
{
    public bool Matches(string search) =>
        new[] { Id, Device, Description }.Any(field => field?.Contains(search, StringComparison.OrdinalIgnoreCase) == true);

    internal static RecordingSetSummary From(TableEntity entity)
    {
        var quality = SetIndex.ReadQuality(entity);
        return new(
            entity.GetString(nameof(Id)) ?? "",
            entity.GetDateTimeOffset(nameof(IssuedAt)) ?? DateTimeOffset.MinValue,
            entity.GetString(nameof(DeviceId)),
            entity.GetString(nameof(Device)),
            entity.GetInt32(nameof(FileCount)) ?? 0,
            entity.GetInt64(nameof(TotalBytes)) ?? 0,
            entity.GetDateTimeOffset(nameof(FirstUpload)),
            entity.GetDateTimeOffset(nameof(LastUpload)),
            entity.GetString(nameof(Description)),
            quality,
            SetQualityFlags.For(quality),
            SetIndex.ReadDeviceMarks(entity),
            SetAssignment.From(entity),
            SetStatisticsRow.Read(entity),
            SetStatisticsRow.ReadTags(entity));
    }
}
