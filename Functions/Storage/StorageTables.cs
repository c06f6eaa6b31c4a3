namespace RecordingFunctions.Storage;

/// <summary>The tables the app keeps its state in.</summary>
public sealed record StorageTables(
    TableClient Pairing,
    TableClient RecordingSets,
    TableClient Models,
    TableClient AuditLog,
    TableClient LoginAttempts,
    TableClient Participants)
{
    public IEnumerable<TableClient> All => [Pairing, RecordingSets, Models, AuditLog, LoginAttempts, Participants];
}
