using System.Security.Cryptography;

namespace RecordingFunctions.Participants;

/// <summary>
/// Participants in one table partition, beside two kinds of guard rows changed in the same transaction as the
/// participant (conditional on its ETag): one per alias (case-insensitive), so an alias is unique, and one per android
/// id with an active participant, so only one participant is active on a watch at a time. Activating a second one is
/// refused (the team makes the first inactive first), so that no hand-over happens by accident. Each participant keeps
/// its active periods, which answer who wore a watch at a given time.
/// </summary>
public sealed class ParticipantStore(StorageTables tables, TimeProvider clock, ILogger<ParticipantStore> logger)
{
    public const int MaxAliasLength = 100;
    public const int MaxNotesLength = 4000;
    internal const string ParticipantPrefix = "p-";
    private const string Partition = "participants";
    private const string AliasPrefix = "alias-";
    private const string ActivePrefix = "active-";

    /// <summary>Listing rows: a copy of each participant keyed by its alias, so a page of participants is one range query.</summary>
    private const string ListingPrefix = "list-";
    private const string ListingEnd = "list.";

    /// <summary>On a participant's row once its listing row exists (participants from before listing rows have none).</summary>
    private const string ListedProperty = "Listed";

    /// <summary>Written once every participant has its listing row.</summary>
    private const string ListingsComplete = "listings-complete";
    private const string ParticipantIdProperty = "ParticipantId";

    /// <summary>The participants' own rows, not their listing or guard rows.</summary>
    private static readonly string ParticipantRows =
        TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {ParticipantPrefix} and RowKey lt {"p."}");

    private volatile bool _listingsComplete;

    private TableClient Table => tables.Participants;

    public async Task<IReadOnlyList<Participant>> ListAsync(CancellationToken cancellationToken)
    {
        var filter = ParticipantRows;
        var participants = new List<Participant>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            participants.Add(Participant.From(row));
        }

        return [.. participants.OrderBy(p => p.Alias, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// One page of participants by alias (case ignored), optionally only those whose alias, android id or notes contain
    /// <paramref name="search"/>: one range query over the listing rows, whatever the number of participants. The
    /// continuation is the listing key of the last participant returned.
    /// </summary>
    public async Task<(IReadOnlyList<Participant> Participants, string? Continuation)> ListPageAsync(
        int pageSize, string? continuation, string? search, CancellationToken cancellationToken)
    {
        await EnsureListingsAsync(cancellationToken);
        var after = continuation is { Length: > 0 } && continuation.StartsWith(ListingPrefix, StringComparison.Ordinal) ? continuation : ListingPrefix;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {after} and RowKey lt {ListingEnd}");
        var page = new List<(string Key, Participant Participant)>(pageSize + 1);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, pageSize + 1), cancellationToken: cancellationToken))
        {
            var participant = Participant.From(row);
            if (string.IsNullOrWhiteSpace(search) || participant.Matches(search.Trim()))
            {
                page.Add((row.RowKey, participant));
                if (page.Count > pageSize)
                {
                    break;
                }
            }
        }

        var shown = page.Take(pageSize).ToList();
        return ([.. shown.Select(p => p.Participant)], page.Count > pageSize ? shown[^1].Key : null);
    }

    public async Task<Participant?> GetAsync(string id, CancellationToken cancellationToken) =>
        await ReadAsync(id, cancellationToken) is { } row ? Participant.From(row) : null;

    /// <summary>
    /// The participant active now on the watch <paramref name="androidId"/> (in the form <see cref="AndroidIds.Normalize"/>
    /// gives), or null: the watch's guard row names it, so this is two point reads whatever the number of participants.
    /// </summary>
    public async Task<Participant?> ActiveOnWatchAsync(string androidId, CancellationToken cancellationToken) =>
        await ActiveIdOnWatchAsync(androidId, cancellationToken) is { } id
        && await GetAsync(id, cancellationToken) is { Active: true } participant && participant.AndroidId == androidId
            ? participant
            : null;

    /// <summary>The participants given the library's model <paramref name="name"/> as their own, active or not.</summary>
    public async Task<IReadOnlyList<Participant>> UsingModelAsync(string name, CancellationToken cancellationToken)
    {
        var filter = $"{ParticipantRows} and {TableClient.CreateQueryFilter($"Model eq {name}")}";
        var participants = new List<Participant>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            participants.Add(Participant.From(row));
        }

        return [.. participants.OrderBy(p => p.Alias, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Gives the participant its own model, a name in the library, or the default (null); conditional on the row read first.</summary>
    /// <returns>The participant as it now is and the model it had before, or null when there is no such participant.</returns>
    public Task<(Participant Participant, string? PreviousModel)?> SetModelAsync(string id, string? model, CancellationToken cancellationToken) =>
        ChangeModelAsync(id, _ => true, model, cancellationToken);

    /// <summary>Undoes <see cref="SetModelAsync"/>: back to <paramref name="previous"/>, unless the participant's model was changed again since.</summary>
    public Task RestoreModelAsync(string id, string assigned, string? previous, CancellationToken cancellationToken) =>
        ChangeModelAsync(id, current => current == assigned, previous, cancellationToken);

    /// <summary>The participant that was active on the watch <paramref name="androidId"/> at <paramref name="time"/>, or null.</summary>
    public async Task<Participant?> ActiveAtAsync(string androidId, DateTimeOffset time, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(p => p.WasActiveWith(androidId, time));

    public Task<ParticipantOutcome> CreateAsync(ParticipantChange change, CancellationToken cancellationToken) =>
        AddAsync(change, null, cancellationToken);

    /// <summary>
    /// Brings in a participant another system kept, named there by <paramref name="importedFrom"/>, validated as
    /// <see cref="CreateAsync"/> validates: the participant imported before under that key is taken as it is now
    /// (whatever the team changed since); else a participant made here with the same alias on the same watch is taken
    /// to be the same person and keeps the key; else it is created, inactive when another participant is active on its
    /// watch here. An alias held by another participant refuses it.
    /// </summary>
    public async Task<ParticipantImport> ImportAsync(ParticipantChange change, string importedFrom, CancellationToken cancellationToken)
    {
        var known = await ListAsync(cancellationToken);
        if (known.FirstOrDefault(p => p.ImportedFrom == importedFrom) is { } before)
        {
            return new ParticipantImport(before, ParticipantImportKind.AlreadyImported, null);
        }

        if (Validate(change, creating: true) is { } invalid)
        {
            return new ParticipantImport(null, ParticipantImportKind.Refused, invalid.Message);
        }

        var androidId = AndroidIds.Normalize(change.AndroidId)!;
        if (known.FirstOrDefault(p => AliasKey(p.Alias) == AliasKey(change.Alias!)) is { } sameAlias)
        {
            if (sameAlias.AndroidId != androidId || sameAlias.ImportedFrom is not null)
            {
                var holder = sameAlias.AndroidId != androidId ? $"a participant on the watch {sameAlias.AndroidId}" : "another imported participant";
                return new ParticipantImport(null, ParticipantImportKind.Refused, $"the alias '{sameAlias.Alias}' is taken by {holder} (aliases are unique, whatever their case)");
            }

            await ChangeRowAsync(sameAlias.Id, row =>
            {
                if (row.GetString(nameof(Participant.ImportedFrom)) is not null)
                {
                    return false;
                }

                row[nameof(Participant.ImportedFrom)] = importedFrom;
                return true;
            }, cancellationToken);
            logger.LogInformation("Participant {Alias} taken as the one imported from {ImportedFrom}", sameAlias.Alias, importedFrom);
            return new ParticipantImport(sameAlias with { ImportedFrom = importedFrom }, ParticipantImportKind.SameAliasAndWatch, null);
        }

        var busy = change.Active == true ? known.FirstOrDefault(p => p.Active && p.AndroidId == androidId) : null;
        var created = await AddAsync(change with { Active = change.Active == true && busy is null }, importedFrom, cancellationToken);
        if (created.Participant is not { } participant)
        {
            return new ParticipantImport(null, ParticipantImportKind.Refused, created.Message);
        }

        logger.LogInformation("Participant {Alias} imported from {ImportedFrom}", participant.Alias, importedFrom);
        return busy is null
            ? new ParticipantImport(participant, ParticipantImportKind.Created, null)
            : new ParticipantImport(participant, ParticipantImportKind.CreatedInactive, $"participant '{busy.Alias}' is active on the watch {androidId} here (one participant is active per watch)");
    }

    private async Task<ParticipantOutcome> AddAsync(ParticipantChange change, string? importedFrom, CancellationToken cancellationToken)
    {
        if (Validate(change, creating: true) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var androidId = AndroidIds.Normalize(change.AndroidId)!;
        var active = change.Active ?? true;
        var participant = new Participant(
            Guid.NewGuid().ToString("N"), change.Alias!.Trim(), androidId, active, change.Notes ?? "", now, now,
            active ? [new ActivePeriod(androidId, now, null)] : [])
        {
            ImportedFrom = importedFrom,
        };
        var row = new TableEntity(Partition, ParticipantPrefix + participant.Id);
        participant.WriteTo(row);
        row[ListedProperty] = true;
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.Add, row),
            new(TableTransactionActionType.Add, ListingRow(row)),
            new(TableTransactionActionType.Add, GuardRow(AliasKey(participant.Alias), participant.Id)),
        ];
        if (active)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, GuardRow(ActivePrefix + androidId, participant.Id)));
        }

        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return await ConflictAsync(participant.Alias, active ? androidId : null, participant.Id, cancellationToken);
        }

        logger.LogInformation("Participant {Alias} created for android id {AndroidId}", participant.Alias, androidId);
        return ParticipantOutcome.Done(participant);
    }

    /// <summary>Changes the fields <paramref name="change"/> names; conditional on the row read first (retried when it changed meanwhile).</summary>
    public async Task<ParticipantOutcome> ChangeAsync(string id, ParticipantChange change, CancellationToken cancellationToken)
    {
        if (Validate(change, creating: false) is { } invalid)
        {
            return invalid;
        }

        // A lost race (412): changed by someone else since it was read; start again from the new state.
        return await OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await ReadAsync(id, cancellationToken) is not { } row)
            {
                return ParticipantOutcome.NotFound;
            }

            var before = Participant.From(row);
            var now = clock.GetUtcNow();
            var alias = change.Alias?.Trim() ?? before.Alias;
            var androidId = change.AndroidId is null ? before.AndroidId : AndroidIds.Normalize(change.AndroidId)!;
            var active = change.Active ?? before.Active;
            var watchChanged = androidId != before.AndroidId;
            var periods = before.Periods.ToList();
            if (before.Active && (!active || watchChanged))
            {
                periods = [.. periods.Select(p => p.To is null ? p with { To = now } : p)];
            }

            if (active && (!before.Active || watchChanged))
            {
                periods.Add(new ActivePeriod(androidId, now, null));
            }

            var after = before with { Alias = alias, AndroidId = androidId, Active = active, Notes = change.Notes ?? before.Notes, ChangedAt = now, Periods = periods };
            var listedBefore = ListingKey(before.Alias, before.Id);
            after.WriteTo(row);
            var actions = ReplaceActions(row, listedBefore);
            if (AliasKey(alias) != AliasKey(before.Alias))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, GuardRow(AliasKey(before.Alias), id), ETag.All));
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, GuardRow(AliasKey(alias), id)));
            }

            if (before.Active && (!active || watchChanged))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, GuardRow(ActivePrefix + before.AndroidId, id), ETag.All));
            }

            if (active && (!before.Active || watchChanged))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, GuardRow(ActivePrefix + androidId, id)));
            }

            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken);
                logger.LogInformation("Participant {Alias} changed: android id {AndroidId}, active {Active}", alias, androidId, active);
                return ParticipantOutcome.Done(after);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                return await ConflictAsync(alias, active ? androidId : null, id, cancellationToken);
            }
        }, cancellationToken);
    }

    /// <returns>The deleted participant, or null when there was none.</returns>
    public Task<Participant?> DeleteAsync(string id, CancellationToken cancellationToken) =>
        // A lost race: changed (412) or a guard row deleted (404) since it was read; look again.
        OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await ReadAsync(id, cancellationToken) is not { } row)
            {
                return null;
            }

            var participant = Participant.From(row);
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.Delete, row, row.ETag),
                new(TableTransactionActionType.Delete, GuardRow(AliasKey(participant.Alias), id), ETag.All),
            ];
            if (row.GetBoolean(ListedProperty) == true)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, ListingRow(row), ETag.All));
            }

            if (participant.Active)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, GuardRow(ActivePrefix + participant.AndroidId, id), ETag.All));
            }

            await Table.SubmitTransactionAsync(actions, cancellationToken);
            logger.LogInformation("Participant {Alias} deleted", participant.Alias);
            return (Participant?)participant;
        }, cancellationToken, e => e.Status is 404 or 412);

    private static ParticipantOutcome? Validate(ParticipantChange change, bool creating)
    {
        if (creating && (change.Alias is null || change.AndroidId is null))
        {
            return ParticipantOutcome.Invalid("a participant needs an alias and an android id");
        }

        if (change.Alias is { } alias && (alias.Trim().Length is 0 or > MaxAliasLength || alias.Any(char.IsControl)))
        {
            return ParticipantOutcome.Invalid($"an alias is 1 to {MaxAliasLength} characters without control characters");
        }

        if (change.AndroidId is not null && AndroidIds.Normalize(change.AndroidId) is null)
        {
            return ParticipantOutcome.Invalid($"an android id is 1 to {AndroidIds.MaxLength} letters and digits (the watch's ANDROID_ID, e.g. 3f2a9c0d1e4b5a67)");
        }

        return change.Notes is { Length: > MaxNotesLength }
            ? ParticipantOutcome.Invalid($"notes are at most {MaxNotesLength} characters")
            : null;
    }

    /// <summary>Names what a refused transaction collided with: the alias, or the participant active on the watch.</summary>
    private async Task<ParticipantOutcome> ConflictAsync(string alias, string? androidId, string id, CancellationToken cancellationToken)
    {
        var aliasOwner = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, AliasKey(alias), cancellationToken: cancellationToken);
        if (aliasOwner.HasValue && aliasOwner.Value!.GetString(ParticipantIdProperty) != id)
        {
            return ParticipantOutcome.Conflict($"the alias '{alias}' is taken (aliases are unique, whatever their case)");
        }

        if (androidId is not null && await ActiveIdOnWatchAsync(androidId, cancellationToken) is { } activeId && activeId != id)
        {
            var active = await GetAsync(activeId, cancellationToken);
            return ParticipantOutcome.Conflict(
                $"participant '{active?.Alias ?? activeId}' is active on the watch {androidId}; make it inactive first (one participant is active per watch)");
        }

        return ParticipantOutcome.Conflict("the participant changed at the same time; try again");
    }

    /// <summary>Raises the participant's last upload to <paramref name="upload"/>, an upload of one of its sets just indexed.</summary>
    public Task NoteUploadAsync(string id, DateTimeOffset upload, CancellationToken cancellationToken) =>
        ChangeRowAsync(id, row =>
        {
            if (row.GetDateTimeOffset(nameof(Participant.LastUpload)) is { } known && known >= upload)
            {
                return false;
            }

            row[nameof(Participant.LastUpload)] = upload;
            return true;
        }, cancellationToken);

    /// <summary>A set left the participant: its last upload is counted again from its sets when next asked for.</summary>
    public Task ForgetLastUploadAsync(string id, CancellationToken cancellationToken) =>
        ChangeRowAsync(id, row =>
        {
            if (row.GetBoolean(nameof(Participant.LastUploadCounted)) != true)
            {
                return false;
            }

            row[nameof(Participant.LastUploadCounted)] = false;
            return true;
        }, cancellationToken);

    /// <summary>
    /// The participant's last upload: the one kept on its row, or else <paramref name="count"/>ed from its sets and kept,
    /// conditional on the row read before counting (an upload noted meanwhile makes it count again).
    /// </summary>
    public Task<DateTimeOffset?> LastUploadAsync(
        string id, Func<CancellationToken, Task<DateTimeOffset?>> count, CancellationToken cancellationToken) =>
        // A lost race: an upload was noted or a set left meanwhile; count again.
        OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await ReadAsync(id, cancellationToken) is not { } row)
            {
                return null;
            }

            var kept = Participant.From(row);
            if (kept.LastUploadCounted)
            {
                return kept.LastUpload;
            }

            var counted = await count(cancellationToken);
            row[nameof(Participant.LastUpload)] = counted;
            row[nameof(Participant.LastUploadCounted)] = true;
            await Table.SubmitTransactionAsync(ReplaceActions(row), cancellationToken);
            return counted;
        }, cancellationToken);

    private Task<(Participant Participant, string? PreviousModel)?> ChangeModelAsync(
        string id, Func<string?, bool> applies, string? model, CancellationToken cancellationToken) =>
        // A lost race: changed by someone else since it was read; start again from the new state.
        OptimisticConcurrency.RetryAsync<(Participant Participant, string? PreviousModel)?>(async () =>
        {
            if (await ReadAsync(id, cancellationToken) is not { } row)
            {
                return null;
            }

            var before = Participant.From(row);
            if (!applies(before.Model) || before.Model == model)
            {
                return (before, before.Model);
            }

            if (model is null)
            {
                row.Remove(nameof(Participant.Model));
            }
            else
            {
                row[nameof(Participant.Model)] = model;
            }

            row[nameof(Participant.ChangedAt)] = clock.GetUtcNow();
            await Table.SubmitTransactionAsync(ReplaceActions(row), cancellationToken);
            logger.LogInformation("Participant {Alias} now gets the model {Model} (before: {PreviousModel})", before.Alias, model ?? "(the default)", before.Model ?? "(the default)");
            return (Participant.From(row), before.Model);
        }, cancellationToken);

    private async Task<string?> ActiveIdOnWatchAsync(string androidId, CancellationToken cancellationToken)
    {
        var guard = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, ActivePrefix + androidId, cancellationToken: cancellationToken);
        return guard.HasValue ? guard.Value!.GetString(ParticipantIdProperty) : null;
    }

    private Task ChangeRowAsync(string id, Func<TableEntity, bool> change, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await ReadAsync(id, cancellationToken) is not { } row || !change(row))
            {
                return;
            }

            await Table.SubmitTransactionAsync(ReplaceActions(row), cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Replaces a participant's row, conditional on its ETag, and its listing row alike (moved when the alias changed
    /// from what <paramref name="listedAs"/> was keyed by); the one way a participant row is written after its creation.
    /// </summary>
    private static List<TableTransactionAction> ReplaceActions(TableEntity row, string? listedAs = null)
    {
        var wasListed = row.GetBoolean(ListedProperty) == true;
        row[ListedProperty] = true;
        var listing = ListingRow(row);
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.UpdateReplace, row, row.ETag),
            new(TableTransactionActionType.UpsertReplace, listing),
        ];
        if (wasListed && listedAs is not null && listedAs != listing.RowKey)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, listedAs), ETag.All));
        }

        return actions;
    }

    /// <summary>
    /// Gives every participant from before listing rows existed its listing row, once: a participant's row is rewritten
    /// through <see cref="ReplaceActions"/>, then a marker row says it is done.
    /// </summary>
    private async Task EnsureListingsAsync(CancellationToken cancellationToken)
    {
        if (_listingsComplete || (await Table.GetEntityIfExistsAsync<TableEntity>(Partition, ListingsComplete, cancellationToken: cancellationToken)).HasValue)
        {
            _listingsComplete = true;
            return;
        }

        var filter = ParticipantRows;
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.GetBoolean(ListedProperty) != true)
            {
                await ChangeRowAsync(Participant.From(row).Id, unlisted => unlisted.GetBoolean(ListedProperty) != true, cancellationToken);
            }
        }

        await Table.UpsertEntityAsync(new TableEntity(Partition, ListingsComplete), cancellationToken: cancellationToken);
        _listingsComplete = true;
        logger.LogInformation("Participants: every participant has its listing row");
    }

    /// <summary>The participant's listing row: a copy of its row, keyed by its alias (upper case) and then its id.</summary>
    private static TableEntity ListingRow(TableEntity row)
    {
        var participant = Participant.From(row);
        var listing = new TableEntity(row) { RowKey = ListingKey(participant.Alias, participant.Id) };
        listing[ParticipantIdProperty] = participant.Id;
        listing.Remove(ListedProperty);
        return listing;
    }

    /// <summary>The listing row's key: the alias as it sorts (<see cref="ListingAlias"/>), then the id.</summary>
    private static string ListingKey(string alias, string id) => ListingPrefix + ListingAlias(alias) + " " + id;

    /// <summary>
    /// The alias as a key part that sorts as the alias does, case ignored: upper case, with the characters a key may not
    /// hold, '%' and the space (which separates the id, and must sort before every other character) as %XX.
    /// </summary>
    internal static string ListingAlias(string alias)
    {
        var key = new StringBuilder(alias.Length);
        foreach (var c in alias.Trim().ToUpperInvariant())
        {
            if (c is '/' or '\\' or '#' or '?' or '%' or ' ' || char.IsControl(c))
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    key.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else
            {
                key.Append(c);
            }
        }

        return key.ToString();
    }

    private async Task<TableEntity?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length is 0 or > 64 || !id.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        var found = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, ParticipantPrefix + id, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private static TableEntity GuardRow(string rowKey, string participantId) => new(Partition, rowKey) { [ParticipantIdProperty] = participantId };

    private static string AliasKey(string alias) =>
        AliasPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(alias.Trim().ToUpperInvariant())))[..40];
}

/// <summary>A change done (with the participant as it now is), or why not.</summary>
public sealed record ParticipantOutcome(Participant? Participant, ParticipantProblem? Problem, string? Message)
{
    public static readonly ParticipantOutcome NotFound = new(null, ParticipantProblem.NotFound, "no such participant");

    public static ParticipantOutcome Done(Participant participant) => new(participant, null, null);

    /// <summary>Something the change names, other than the participant, does not exist.</summary>
    public static ParticipantOutcome Missing(string message) => new(null, ParticipantProblem.NotFound, message);

    public static ParticipantOutcome Invalid(string message) => new(null, ParticipantProblem.Invalid, message);

    public static ParticipantOutcome Conflict(string message) => new(null, ParticipantProblem.Conflict, message);
}

/// <summary>What <see cref="ParticipantStore.ImportAsync"/> did: the participant it found or created, or why it refused.</summary>
public sealed record ParticipantImport(Participant? Participant, ParticipantImportKind Kind, string? Message);

public enum ParticipantImportKind
{
    Created,

    /// <summary>Created inactive, though active where it came from: another participant is active on its watch here (the message names it).</summary>
    CreatedInactive,
    AlreadyImported,

    /// <summary>A participant made here with the same alias on the same watch.</summary>
    SameAliasAndWatch,
    Refused,
}

public enum ParticipantProblem
{
    Invalid,
    NotFound,
    Conflict,
}
