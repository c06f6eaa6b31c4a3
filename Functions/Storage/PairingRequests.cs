using System.Security.Cryptography;

namespace RecordingFunctions.Storage;

/// <summary>
/// Pairing requests: admitting a watch's request within the flood bounds, granting, denying and lapsing requests,
/// and listing them for the admin. A granted request is handed to its watch exactly once: the request goes and the
/// paired device (<see cref="DeviceRegistry"/>) comes in one transaction, conditional on the request's ETag.
/// </summary>
public sealed class PairingRequests(StorageTables tables, TimeProvider clock, ILogger<PairingRequests> logger)
{
    internal const string RowPrefix = "request-";

    /// <summary>Rewritten by every admission of a new identifier, conditional on its ETag: what serialises admissions.</summary>
    private const string GateRow = "gate";
    private const int MaxAdmissionAttempts = 50;
    private const int MaxTransactionActions = 100;
    private static readonly string[] AdmissionColumns =
        ["PartitionKey", "RowKey", nameof(PairingRequest.Identifier), nameof(PairingRequest.RequestedAt), nameof(PairingRequest.Source), nameof(PairingRequest.Granted), nameof(PairingRequest.GrantedAt)];

    private TableClient Table => tables.Pairing;

    /// <summary>
    /// The watch asks for a token: reports a waiting request pending, hands out the token once granted, or records a
    /// request for a new identifier within <paramref name="limits"/>. Admitting a new identifier reads the requests
    /// kept (at most the cap, so a bounded read, and only for identifiers not yet waiting) and commits conditional on
    /// the gate row's ETag, so concurrent admissions are serialised and the cap holds under any concurrency.
    /// </summary>
    public async Task<PairingAnswer> RequestTokenAsync(string identifier, string source, PairingLimits limits, CancellationToken cancellationToken)
    {
        var rowKey = RowPrefix + RequestId(identifier);
        for (var attempt = 1; attempt <= MaxAdmissionAttempts; attempt++)
        {
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(PairingPartition.Key, rowKey, cancellationToken: cancellationToken);
            var now = clock.GetUtcNow();
            var own = existing.HasValue ? existing.Value! : null;
            if (own is not null && !PairingRequest.From(own).IsExpired(now, limits.RequestLifetime))
            {
                return own.GetBoolean(nameof(PairingRequest.Granted)) == true
                    ? await HandOutGrantAsync(own, identifier, now, cancellationToken)
                    : PairingAnswer.Pending;
            }

            if (await TryAdmitAsync(identifier, source, own, now, limits, cancellationToken) is { } answer)
            {
                return answer;
            }

            // Another admission (or a grant, denial or lapse) changed the requests since they were read. Not the
            // common retry policy: many watches behind one address are admitted one by one through the gate row, so
            // this waits longer, and when it gives up the watch is told to ask again rather than failed.
            await Task.Delay(Random.Shared.Next(5, Math.Min(20 * attempt, 200)), cancellationToken);
        }

        logger.LogWarning("Pairing request of {Identifier} from {Source} not recorded: too many admissions at once; the watch asks again later", identifier, source);
        return PairingAnswer.RetryLater;
    }

    /// <returns>The answer, or null when the requests changed under this admission and it must be tried again.</returns>
    private async Task<PairingAnswer?> TryAdmitAsync(
        string identifier, string source, TableEntity? ownLapsed, DateTimeOffset now, PairingLimits limits, CancellationToken cancellationToken)
    {
        var gate = await Table.GetEntityIfExistsAsync<TableEntity>(PairingPartition.Key, GateRow, cancellationToken: cancellationToken);
        var ownKey = RowPrefix + RequestId(identifier);
        var kept = new List<TableEntity>();
        var lapsed = new List<TableEntity>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(PairingPartition.RowsStartingWith(RowPrefix), select: AdmissionColumns, cancellationToken: cancellationToken))
        {
            if (entity.RowKey != ownKey)
            {
                (PairingRequest.From(entity).IsExpired(now, limits.RequestLifetime) ? lapsed : kept).Add(entity);
            }
        }

        var network = SourceNetwork.Of(source);
        if (kept.Count(e => SourceNetwork.Of(e.GetString(nameof(PairingRequest.Source)) ?? "") == network) >= limits.MaxPendingPerSource)
        {
            logger.LogWarning(
                "Pairing request of {Identifier} from {Source} not recorded: {Limit} requests from that address are waiting already",
                identifier, source, limits.MaxPendingPerSource);
            return PairingAnswer.RetryLater;
        }

        // The oldest requests not yet granted lapse to make room; a granted one waits for its watch.
        var room = MaxTransactionActions - 2;
        var evicted = kept
            .Where(e => e.GetBoolean(nameof(PairingRequest.Granted)) != true)
            .OrderBy(e => e.GetDateTimeOffset(nameof(PairingRequest.RequestedAt)))
            .Take(Math.Clamp(kept.Count + 1 - limits.MaxPending, 0, room))
            .ToList();
        var admitted = kept.Count - evicted.Count < limits.MaxPending;
        var cleared = lapsed.Take(room - evicted.Count).ToList();
        if (!admitted)
        {
            logger.LogWarning(
                "Pairing request of {Identifier} from {Source} not recorded: the {Limit} requests kept cannot make room (granted ones wait for their watches)",
                identifier, source, limits.MaxPending);
            if (evicted.Count == 0 && cleared.Count == 0)
            {
                return PairingAnswer.RetryLater;
            }
        }

        List<TableTransactionAction> actions =
        [
            gate.HasValue
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity(PairingPartition.Key, GateRow), gate.Value!.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(PairingPartition.Key, GateRow)),
            .. evicted.Concat(cleared).Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, e.ETag)),
        ];
        if (admitted)
        {
            var request = new TableEntity(PairingPartition.Key, ownKey)
            {
                [nameof(PairingRequest.Identifier)] = identifier,
                [nameof(PairingRequest.RequestedAt)] = now,
                [nameof(PairingRequest.Source)] = source,
                [nameof(PairingRequest.Granted)] = false,
            };
            actions.Add(ownLapsed is null
                ? new TableTransactionAction(TableTransactionActionType.Add, request)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, request, ownLapsed.ETag));
        }

        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return null;
        }

        foreach (var lapsedToMakeRoom in evicted)
        {
            logger.LogWarning(
                "The limit of {Limit} pending pairing requests is reached: the oldest, of {Evicted} from {EvictedSource}, lapsed to make room for {Identifier} from {Source}",
                limits.MaxPending, lapsedToMakeRoom.GetString(nameof(PairingRequest.Identifier)), lapsedToMakeRoom.GetString(nameof(PairingRequest.Source)),
                identifier, source);
        }

        if (!admitted)
        {
            return PairingAnswer.RetryLater;
        }

        logger.LogInformation("Pairing requested by {Identifier} from {Source}", identifier, source);
        return PairingAnswer.Created;
    }

    /// <summary>Hands the token of a granted request to its watch, exactly once: the request goes and the device comes in one transaction.</summary>
    private async Task<PairingAnswer> HandOutGrantAsync(TableEntity request, string identifier, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var token = Secrets.NewSecret(43);
        var device = DeviceRegistry.NewDeviceRow(token, identifier, now);
        try
        {
            await Table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Delete, request, request.ETag),
                    new TableTransactionAction(TableTransactionActionType.Add, device),
                ],
                cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
        {
            // Another caller consumed this grant between our read and our transaction.
            return PairingAnswer.Pending;
        }

        logger.LogInformation("Handed the granted token to {Identifier}", identifier);
        return PairingAnswer.Grant(token);
    }

    /// <summary>The requests kept and not lapsed, newest first; optionally only those whose identifier or source contains <paramref name="search"/>.</summary>
    public async Task<IReadOnlyList<PairingRequest>> ListRequestsAsync(TimeSpan requestLifetime, string? search, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var requests = new List<PairingRequest>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(PairingPartition.RowsStartingWith(RowPrefix), cancellationToken: cancellationToken))
        {
            var request = PairingRequest.From(entity);
            if (!request.IsExpired(now, requestLifetime) && (string.IsNullOrWhiteSpace(search) || request.Matches(search.Trim())))
            {
                requests.Add(request);
            }
        }

        return [.. requests.OrderByDescending(r => r.RequestedAt)];
    }

    /// <returns>The granted request, or null when there is no such (unexpired) request.</returns>
    public Task<PairingRequest?> GrantAsync(string requestId, TimeSpan requestLifetime, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async () =>
        {
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(PairingPartition.Key, RowPrefix + requestId, cancellationToken: cancellationToken);
            if (!existing.HasValue || PairingRequest.From(existing.Value!).IsExpired(clock.GetUtcNow(), requestLifetime))
            {
                return null;
            }

            var entity = existing.Value!;
            if (entity.GetBoolean(nameof(PairingRequest.Granted)) == true)
            {
                return PairingRequest.From(entity);
            }

            entity[nameof(PairingRequest.Granted)] = true;
            entity[nameof(PairingRequest.GrantedAt)] = clock.GetUtcNow();
            try
            {
                await Table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return PairingRequest.From(entity);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }
        }, cancellationToken);

    /// <returns>The denied request, or null when there was none.</returns>
    public async Task<PairingRequest?> DenyAsync(string requestId, CancellationToken cancellationToken)
    {
        var existing = await Table.GetEntityIfExistsAsync<TableEntity>(PairingPartition.Key, RowPrefix + requestId, cancellationToken: cancellationToken);
        if (!existing.HasValue)
        {
            return null;
        }

        await Table.DeleteEntityAsync(existing.Value!, ETag.All, cancellationToken);
        return PairingRequest.From(existing.Value!);
    }

    /// <summary>Request ids are derived from the identifier, so one identifier has at most one open request.</summary>
    public static string RequestId(string identifier) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identifier)))[..32];
}

public sealed record PairingAnswer(string Status, string? Token, string? Message)
{
    public static readonly PairingAnswer Created = new("new", null, "created request");
    public static readonly PairingAnswer Pending = new("pending", null, "waiting for confirmation");

    /// <summary>Not recorded: any status but "grant" makes the watch ask again later (device-protocol.md, section 1), and it shows the message.</summary>
    public static readonly PairingAnswer RetryLater = new("error", null, "too many watches are asking to pair; try again later");

    public static PairingAnswer Grant(string token) => new("grant", token, null);
}

/// <summary>How long a pairing request is kept, and how many are kept at most, in all and from one address.</summary>
public sealed record PairingLimits(TimeSpan RequestLifetime, int MaxPending, int MaxPendingPerSource)
{
    public static PairingLimits Of(StudySettings settings) =>
        new(settings.PairingRequestLifetime, settings.MaxPendingPairingRequests, settings.MaxPendingPairingRequestsPerSource);
}

public sealed record PairingRequest(string Id, string Identifier, DateTimeOffset RequestedAt, string Source, bool Granted, DateTimeOffset? GrantedAt)
{
    public bool IsExpired(DateTimeOffset now, TimeSpan lifetime) => (GrantedAt ?? RequestedAt) + lifetime < now;

    public bool Matches(string search) =>
        Identifier.Contains(search, StringComparison.OrdinalIgnoreCase) || Source.Contains(search, StringComparison.OrdinalIgnoreCase);

    internal static PairingRequest From(TableEntity entity) => new(
        entity.RowKey[PairingRequests.RowPrefix.Length..],
        entity.GetString(nameof(Identifier)) ?? "",
        entity.GetDateTimeOffset(nameof(RequestedAt)) ?? DateTimeOffset.MinValue,
        entity.GetString(nameof(Source)) ?? "",
        entity.GetBoolean(nameof(Granted)) ?? false,
        entity.GetDateTimeOffset(nameof(GrantedAt)));
}
