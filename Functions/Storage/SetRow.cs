namespace RecordingFunctions.Storage;

/// <summary>
/// How a set is kept in the <c>RecordingSets</c> table, all in one partition: a row keyed by its uuid and, once it
/// holds files, a copy of it keyed newest-first by the time the set was issued, for listing. The summary's fields are
/// the rows' properties (the quality figures, statistics and assignment each in their own columns: <see
/// cref="SetQualityRow"/>, <see cref="SetStatisticsRow"/>, <see cref="SetAssignment"/>); <see cref="Read"/> gives a
/// row's <see cref="RecordingSetSummary"/>.
/// </summary>
public static class SetRow
{
    public const string Partition = "sets";
    private const string KeyPrefix = "id-";

    // Listing keys start with "t-"; "t." comes just after every one of them ('.' follows '-').
    private const string ListingPrefix = "t-", ListingEnd = "t.";

    // Whether the set holds files (and so has its listing copy); a row the index created for files whose uuid
    // GET recording/new/ never handed out.
    private const string ListedProperty = "Listed", NotIssuedHereProperty = "NotIssuedHere";

    public static string Key(SetId set) => KeyPrefix + set;

    /// <summary>The row of a set <c>GET recording/new/</c> issued to <paramref name="device"/>.</summary>
    public static TableEntity Issued(SetId set, DateTimeOffset issuedAt, DeviceUploader device)
    {
        var row = New(set, issuedAt);
        WriteDevice(row, device);
        return row;
    }

    /// <summary>The row of a set whose files came with a uuid this app never handed out, first seen at <paramref name="seenAt"/>.</summary>
    public static TableEntity NotIssued(SetId set, DateTimeOffset seenAt)
    {
        var row = New(set, seenAt);
        row[NotIssuedHereProperty] = true;
        return row;
    }

    /// <summary>
    /// The device the set was issued to, or null when it was not issued here. Rows written before sets were marked
    /// carry no <see cref="NotIssuedHereProperty"/>: their device counts as the issued one, unless it is the Flask import's.
    /// </summary>
    public static string? IssuedTo(TableEntity row) =>
        row.GetBoolean(NotIssuedHereProperty) == true || DeviceIdOf(row) is null or RecordingBlobMetadata.ImportedDevice
            ? null
            : DeviceIdOf(row);

    public static string? DeviceIdOf(TableEntity row) => row.GetString(nameof(RecordingSetSummary.DeviceId)) is { Length: > 0 } id ? id : null;

    public static void WriteDevice(TableEntity row, DeviceUploader device)
    {
        row[nameof(RecordingSetSummary.DeviceId)] = device.DeviceId;
        row[nameof(RecordingSetSummary.Device)] = device.Identifier;
    }

    /// <summary>
    /// Writes what the set's files say of it: how many, their size, the first and last upload, the first line of its
    /// description (<paramref name="description"/>, the whole text), and whether it is listed (it is while it holds files).
    /// </summary>
    public static void WriteFiles(TableEntity row, SetContents contents, string? description)
    {
        row[nameof(RecordingSetSummary.FileCount)] = contents.Recordings.Count;
        row[nameof(RecordingSetSummary.TotalBytes)] = contents.TotalBytes;
        row[nameof(RecordingSetSummary.FirstUpload)] = contents.FirstUpload;
        row[nameof(RecordingSetSummary.LastUpload)] = contents.LastUpload;
        row[nameof(RecordingSetSummary.Description)] = description?.Split('\n', 2)[0].Trim();
        row[ListedProperty] = contents.Recordings.Count > 0;
    }

    public static bool IsListed(TableEntity row) => row.GetBoolean(ListedProperty) == true;

    /// <summary>The row's copy under its listing key (for a delete, its key is what counts).</summary>
    public static TableEntity ListingCopy(TableEntity row) => new(row) { RowKey = ListingKey(row) };

    public static IReadOnlyList<DeviceMark> ReadDeviceMarks(TableEntity row) =>
        row.GetString(nameof(RecordingSetSummary.DeviceMarks)) is { Length: > 0 } marks ? JsonSerializer.Deserialize<List<DeviceMark>>(marks) ?? [] : [];

    public static void WriteDeviceMarks(TableEntity row, IReadOnlyList<DeviceMark> marks)
    {
        if (marks.Count == 0)
        {
            row.Remove(nameof(RecordingSetSummary.DeviceMarks));
        }
        else
        {
            row[nameof(RecordingSetSummary.DeviceMarks)] = JsonSerializer.Serialize(marks);
        }
    }

    /// <summary>A filter for the listing copies whose keys come after <paramref name="continuation"/> (a listing key), or all of them.</summary>
    public static string ListingAfter(string? continuation) =>
        TableClient.CreateQueryFilter(
            $"PartitionKey eq {Partition} and RowKey gt {(continuation is { Length: > 0 } && continuation.StartsWith(ListingPrefix, StringComparison.Ordinal) ? continuation : ListingPrefix)} and RowKey lt {ListingEnd}");

    public static RecordingSetSummary Read(TableEntity row)
    {
        var quality = SetQualityRow.Read(row);
        return new(
            SetId.Parse(row.GetString(nameof(RecordingSetSummary.Id))!),
            IssuedAt(row),
            row.GetString(nameof(RecordingSetSummary.DeviceId)),
            row.GetString(nameof(RecordingSetSummary.Device)),
            row.GetInt32(nameof(RecordingSetSummary.FileCount)) ?? 0,
            row.GetInt64(nameof(RecordingSetSummary.TotalBytes)) ?? 0,
            row.GetDateTimeOffset(nameof(RecordingSetSummary.FirstUpload)),
            row.GetDateTimeOffset(nameof(RecordingSetSummary.LastUpload)),
            row.GetString(nameof(RecordingSetSummary.Description)),
            quality,
            SetQualityFlags.For(quality),
            ReadDeviceMarks(row),
            SetAssignment.From(row),
            SetStatisticsRow.Read(row),
            SetStatisticsRow.ReadTags(row));
    }

    private static TableEntity New(SetId set, DateTimeOffset issuedAt) => new(Partition, Key(set))
    {
        [nameof(RecordingSetSummary.Id)] = set.ToString(),
        [nameof(RecordingSetSummary.IssuedAt)] = issuedAt,
    };

    private static DateTimeOffset IssuedAt(TableEntity row) => row.GetDateTimeOffset(nameof(RecordingSetSummary.IssuedAt)) ?? DateTimeOffset.MinValue;

    private static string ListingKey(TableEntity row) =>
        $"{ListingPrefix}{DateTimeOffset.MaxValue.Ticks - IssuedAt(row).UtcTicks:D19}-{row.GetString(nameof(RecordingSetSummary.Id))}";
}
