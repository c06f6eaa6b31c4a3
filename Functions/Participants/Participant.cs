namespace RecordingFunctions.Participants;

/// <summary>A person in the study, wearing the watch with <see cref="AndroidId"/> while active.</summary>
public sealed record Participant(
    string Id,
    string Alias,
    string AndroidId,
    bool Active,
    string Notes,
    DateTimeOffset CreatedAt,
    DateTimeOffset ChangedAt,
    IReadOnlyList<ActivePeriod> Periods)
{
    /// <summary>Whether this participant was the active one on the watch <paramref name="androidId"/> at <paramref name="time"/>.</summary>
    public bool WasActiveWith(string androidId, DateTimeOffset time) =>
        Periods.Any(p => p.AndroidId == androidId && p.From <= time && (p.To is null || time < p.To));

    /// <summary>
    /// When a file of one of its sets last arrived, kept on its row (by <see cref="ParticipantStore"/>, never by
    /// <see cref="WriteTo"/>) so that the study overview reads one partition; meaningful when <see cref="LastUploadCounted"/>.
    /// </summary>
    public DateTimeOffset? LastUpload { get; init; }

    /// <summary>False until counted from its sets, and again after a set left it (rows from before it was kept, too).</summary>
    public bool LastUploadCounted { get; init; }

    /// <summary>
    /// The key of the record it was imported from (see <see cref="ParticipantStore.ImportAsync"/>), so that importing
    /// again finds it whatever the team changed since; null for a participant made here.
    /// </summary>
    public string? ImportedFrom { get; init; }

    /// <summary>
    /// The name of its own model in the library, served to its watch while it is active instead of the study's active
    /// model; null for the default. Kept on its row by <see cref="ParticipantStore.SetModelAsync"/>, never by <see cref="WriteTo"/>.
    /// </summary>
    public string? Model { get; init; }

    public bool Matches(string search) =>
        new[] { Alias, AndroidId, Notes }.Any(field => field.Contains(search, StringComparison.OrdinalIgnoreCase));

    /// <summary>From its row, or its listing row (which names it in <c>ParticipantId</c>).</summary>
    internal static Participant From(TableEntity row) => new(
        row.GetString("ParticipantId") ?? row.RowKey[ParticipantStore.ParticipantPrefix.Length..],
        row.GetString(nameof(Alias)) ?? "",
        row.GetString(nameof(AndroidId)) ?? "",
        row.GetBoolean(nameof(Active)) ?? false,
        row.GetString(nameof(Notes)) ?? "",
        row.GetDateTimeOffset(nameof(CreatedAt)) ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset(nameof(ChangedAt)) ?? DateTimeOffset.MinValue,
        row.GetString(nameof(Periods)) is { Length: > 0 } json ? JsonSerializer.Deserialize<List<ActivePeriod>>(json) ?? [] : [])
    {
        LastUpload = row.GetDateTimeOffset(nameof(LastUpload)),
        LastUploadCounted = row.GetBoolean(nameof(LastUploadCounted)) ?? false,
        ImportedFrom = row.GetString(nameof(ImportedFrom)),
        Model = row.GetString(nameof(Model)),
    };

    internal void WriteTo(TableEntity row)
    {
        row[nameof(Alias)] = Alias;
        row[nameof(AndroidId)] = AndroidId;
        row[nameof(Active)] = Active;
        row[nameof(Notes)] = Notes;
        row[nameof(CreatedAt)] = CreatedAt;
        row[nameof(ChangedAt)] = ChangedAt;
        row[nameof(Periods)] = JsonSerializer.Serialize(Periods);
        if (ImportedFrom is not null)
        {
            row[nameof(ImportedFrom)] = ImportedFrom;
        }
    }
}

/// <summary>A time the participant was the active one on a watch: from <see cref="From"/> until <see cref="To"/> (open while active).</summary>
public sealed record ActivePeriod(string AndroidId, DateTimeOffset From, DateTimeOffset? To);

/// <summary>What the admin sends to create or change a participant; a null field stays as it is on a change.</summary>
public sealed record ParticipantChange(string? Alias, string? AndroidId, bool? Active, string? Notes);
