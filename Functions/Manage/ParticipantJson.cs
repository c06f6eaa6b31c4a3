namespace RecordingFunctions.Manage;

/// <summary>
/// A participant as every answer about one shows it (the list, a change, a grant that created it, its model);
/// <see cref="ParticipantDetailJson"/> adds its sets and statistics.
/// </summary>
/// <param name="Model">The name of its own model; null for the study's default.</param>
public record ParticipantJson(
    string Id,
    string Alias,
    string AndroidId,
    bool Active,
    string Notes,
    DateTimeOffset CreatedAt,
    DateTimeOffset ChangedAt,
    IEnumerable<PeriodJson> Periods,
    string? Model)
{
    public static ParticipantJson Of(Participant participant) => new(
        participant.Id,
        participant.Alias,
        participant.AndroidId,
        participant.Active,
        participant.Notes,
        participant.CreatedAt,
        participant.ChangedAt,
        participant.Periods.Select(p => new PeriodJson(p.AndroidId, p.From, p.To)),
        participant.Model);
}

/// <summary>One participant as its view shows it: its fields, its sets newest first (as listed everywhere) and its statistics.</summary>
public sealed record ParticipantDetailJson : ParticipantJson
{
    public ParticipantDetailJson(Participant participant, IReadOnlyList<RecordingSetSummary> sets, ParticipantStatistics statistics)
        : base(Of(participant))
    {
        var aliases = new Dictionary<string, string> { [participant.Id] = participant.Alias };
        Sets = sets.Select(s => SetJson.Of(s, aliases));
        Statistics = ParticipantStatisticsJson.Of(statistics);
    }

    public IEnumerable<SetJson> Sets { get; }

    public ParticipantStatisticsJson Statistics { get; }
}

/// <summary>A participant as the participants list shows it: its fields, its last upload, and whether it is active and silent too long.</summary>
public sealed record ListedParticipantJson : ParticipantJson
{
    public ListedParticipantJson(Participant participant, DateTimeOffset? lastUpload, bool silent)
        : base(Of(participant))
    {
        LastUpload = lastUpload;
        Silent = silent;
    }

    public DateTimeOffset? LastUpload { get; }

    public bool Silent { get; }
}

/// <summary>A time the participant was the active one on a watch; <see cref="To"/> is null while it is.</summary>
public sealed record PeriodJson(string AndroidId, DateTimeOffset From, DateTimeOffset? To);
