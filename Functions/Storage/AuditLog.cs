using Azure.Data.Tables;

namespace RecordingFunctions.Storage;

/// <summary>Every admin action and failed sign-in, newest first, in Table storage.</summary>
public sealed class AuditLog(StorageTables tables, StorageInitializer storage, TimeProvider clock)
{
    private const string Partition = "audit";

    public async Task RecordAsync(string action, string user, string source, string detail, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await tables.AuditLog.AddEntityAsync(
            new TableEntity(Partition, $"{DateTimeOffset.MaxValue.Ticks - now.UtcTicks:D19}-{Guid.NewGuid():N}")
            {
                [nameof(AuditEntry.At)] = now,
                [nameof(AuditEntry.Action)] = action,
                [nameof(AuditEntry.User)] = user,
                [nameof(AuditEntry.Source)] = source,
                [nameof(AuditEntry.Detail)] = detail,
            },
            cancellationToken);
    }

    /// <summary>The newest entries, optionally only those whose action, user, source or detail contains <paramref name="search"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, string? search, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
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
