namespace RecordingFunctions.Migration;

/// <summary>
/// What the import takes from the Flask server's <c>sensor_recorder.db</c> (read by the Migrate command, so that the
/// function app carries no SQLite): its participants, its recordings (each one set's folder), which recording belongs
/// to which participant, and the tags on recordings; beside what the database's schema version lacks and the tables
/// the import leaves out, each a sentence saying why.
/// </summary>
public sealed record FlaskDatabaseContent(
    string? Revision,
    IReadOnlyList<FlaskParticipant> Participants,
    IReadOnlyList<FlaskRecording> Recordings,
    IReadOnlyList<FlaskAssignment> Assignments,
    IReadOnlyList<FlaskTag> Tags,
    IReadOnlyList<FlaskRecordingTag> RecordingTags,
    IReadOnlyList<string> Lacking,
    IReadOnlyList<string> LeftOut);

/// <param name="Active">False also where the database has no active flag (before January 2022) or the row has none.</param>
public sealed record FlaskParticipant(long Id, string? Alias, string? AndroidId, bool Active)
{
    public override string ToString() => Alias is { Length: > 0 } ? $"participant {Id} '{Alias}'" : $"participant {Id}";
}

/// <param name="Path">The set's folder as the Flask server wrote it, such as <c>uploads/recordings/&lt;uuid&gt;</c>.</param>
public sealed record FlaskRecording(long Id, string? Path)
{
    public override string ToString() => $"recording {Id} ({Path})";
}

/// <summary>A row of <c>participant_to_recording</c>; the Flask schema lets either id be null.</summary>
public sealed record FlaskAssignment(long? RecordingId, long? ParticipantId);

public sealed record FlaskTag(long Id, string? Name);

/// <summary>A row of <c>recording_to_tag</c>; the Flask schema lets either id be null.</summary>
public sealed record FlaskRecordingTag(long? RecordingId, long? TagId);
