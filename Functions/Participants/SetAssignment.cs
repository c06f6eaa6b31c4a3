namespace RecordingFunctions.Participants;

/// <summary>
/// Who a set belongs to, kept on its index row: the watch it came from (<see cref="AndroidId"/>, found in its metaInfo
/// json or else in its device's identifier), when it was recorded, its participant, and whether the team chose that
/// participant (or none) by hand, in which case the automatic assignment leaves the set alone.
/// </summary>
public sealed record SetAssignment(string? AndroidId, string? AndroidIdSource, DateTimeOffset? RecordedAt, string? ParticipantId, bool ByHand)
{
    public const string FromMetaInfo = "metaInfo";
    public const string FromIdentifier = "identifier";
    private const string ByHandProperty = "AssignedByHand";

    internal static SetAssignment From(TableEntity row) => new(
        row.GetString(nameof(AndroidId)),
        row.GetString(nameof(AndroidIdSource)),
        row.GetDateTimeOffset(nameof(RecordedAt)),
        row.GetString(nameof(ParticipantId)),
        row.GetBoolean(ByHandProperty) ?? false);

    /// <returns>Whether the row changed.</returns>
    internal bool WriteTo(TableEntity row)
    {
        if (From(row) == this)
        {
            return false;
        }

        row[nameof(AndroidId)] = AndroidId;
        row[nameof(AndroidIdSource)] = AndroidIdSource;
        row[nameof(RecordedAt)] = RecordedAt;
        row[nameof(ParticipantId)] = ParticipantId;
        row[ByHandProperty] = ByHand;
        return true;
    }
}
