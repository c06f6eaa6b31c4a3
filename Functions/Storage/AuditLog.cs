using System.Security.Cryptography;

namespace RecordingFunctions.Storage;

/// <summary>Every admin action and failed sign-in, and what the app noticed about sets' devices, newest first, in Table storage.</summary>
public sealed class AuditLog(StorageTables tables, TimeProvider clock)
{
    private const string Partition = "audit";

    public async Task RecordAsync(string action, string user, string source, string detail, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await tables.AuditLog.AddEntityAsync(Entry(now, Guid.NewGuid().ToString("N"), action, user, source, detail), cancellationToken);
    }

    /// <summary>
    /// Records an event that may be noticed again (by a retried trigger, or every later file of a set) once: the
    /// entry's key derives from <paramref name="eventKey"/> and <paramref name="at"/>, and writing it again replaces it.
    /// </summary>
    public async Task RecordOnceAsync(string eventKey, DateTimeOffset at, string action, string user, string source, string detail, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventKey)))[..32];
        await tables.AuditLog.UpsertEntityAsync(Entry(at, id, action, user, source, detail), TableUpdateMode.Replace, cancellationToken);
    }

    private static TableEntity Entry(DateTimeOffset at, string id, string action, string user, string source, string detail) =>
        new(Partition, $"{DateTimeOffset.MaxValue.Ticks - at.UtcTicks:D19}-{id}")
        {
            [nameof(AuditEntry.At)] = at,
            [nameof(AuditEntry.Action)] = action,
            [nameof(AuditEntry.User)] = user,
            [nameof(AuditEntry.Source)] = source,
            [nameof(AuditEntry.Detail)] = detail,
        };

    /// <summary>The newest entries, optionally only those whose action, user, source or detail contains <paramref name="search"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, string? search, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        await foreach (var row in tables.AuditLog.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), maxPerPage: 500, cancellationToken: cancellationToken))
        {
            var entry = AuditEntry.From(row);
            if (string.IsNullOrEmpty(search) || entry.Matches(search))
            {
                entries.Add(entry);
                if (entries.Count >= limit)
                {
                    break;
                }
            }
        }

        return entries;
    }
}

public sealed record AuditEntry(DateTimeOffset At, string Action, string User, string Source, string Detail)
{
    public bool Matches(string search) =>
        new[] { Action, User, Source, Detail }.Any(field => field.Contains(search, StringComparison.OrdinalIgnoreCase));

    internal static AuditEntry From(TableEntity row) => new(
        row.GetDateTimeOffset(nameof(At)) ?? DateTimeOffset.MinValue,
        row.GetString(nameof(Action)) ?? "",
        row.GetString(nameof(User)) ?? "",
        row.GetString(nameof(Source)) ?? "",
        row.GetString(nameof(Detail)) ?? "");
}
