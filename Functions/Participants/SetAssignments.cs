namespace RecordingFunctions.Participants;

/// <summary>
/// Gives sets to participants: automatically when a set's files arrive (the participant active on the set's watch at
/// its recording date), by hand (one set or a date range, never changed automatically afterwards), and again on request.
/// </summary>
public sealed class SetAssignments(SetIndex index, SetQueries queries, SetListing listing, ParticipantStore participants, ILogger<SetAssignments> logger)
{
    /// <summary>A metaInfo json is a few hundred bytes; a larger file is not one and is not read.</summary>
    private const long MaxMetaInfoBytes = 1024 * 1024;

    /// <summary>
    /// Brings a set's watch, recording date and (unless chosen by hand) participant up to date with its files. The
    /// metaInfo json is read until it has named the watch; afterwards only the participant is looked up again.
    /// </summary>
    /// <param name="contents">The set as listed by the update this is part of; null to list it here if the metaInfo is needed.</param>
    public async Task FollowAsync(SetId setId, SetContents? contents, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(setId, cancellationToken) is not { } set)
        {
            return;
        }

        var assignment = set.Assignment;
        if (assignment.AndroidIdSource != SetAssignment.FromMetaInfo)
        {
            var metaInfo = await ReadMetaInfoAsync(contents ?? await listing.ReadAsync(setId, cancellationToken), cancellationToken);
            var fromIdentifier = AndroidIds.FromIdentifier(set.Device);
            assignment = metaInfo?.AndroidId is { } metaId
                ? assignment with { AndroidId = metaId, AndroidIdSource = SetAssignment.FromMetaInfo, RecordedAt = metaInfo.RecordedAt ?? set.FirstUpload }
                : assignment with
                {
                    AndroidId = fromIdentifier,
                    AndroidIdSource = fromIdentifier is null ? null : SetAssignment.FromIdentifier,
                    RecordedAt = metaInfo?.RecordedAt ?? set.FirstUpload,
                };
        }

        if (!assignment.ByHand)
        {
            var participant = assignment is { AndroidId: { } androidId, RecordedAt: { } recordedAt }
                ? await participants.ActiveAtAsync(androidId, recordedAt, cancellationToken)
                : null;
            assignment = assignment with { ParticipantId = participant?.Id };
        }

        string? before = null, after = null;
        await index.AmendAsync(setId, row =>
        {
            // A hand assignment made while this ran wins over what it found.
            var current = SetAssignment.From(row);
            var chosen = current.ByHand ? assignment with { ParticipantId = current.ParticipantId, ByHand = true } : assignment;
            (before, after) = (current.ParticipantId, chosen.ParticipantId);
            return chosen.WriteTo(row);
        }, cancellationToken);
        await FollowLastUploadsAsync(before, after, set.LastUpload, cancellationToken);
    }

    /// <summary>Gives the sets to <paramref name="participantId"/> (null: to nobody) by hand.</summary>
    public async Task<int> AssignByHandAsync(IReadOnlyCollection<SetId> setIds, string? participantId, CancellationToken cancellationToken)
    {
        foreach (var setId in setIds)
        {
            await AssignOneByHandAsync(setId, participantId, _ => true, cancellationToken);
        }

        logger.LogInformation("{Count} sets assigned by hand to {Participant}", setIds.Count, participantId ?? "nobody");
        return setIds.Count;
    }

    /// <summary>
    /// Gives the set to <paramref name="participantId"/> by hand as an imported record says, unless the team chose its
    /// participant (or none) by hand here: that choice is newer than the record and stays.
    /// </summary>
    /// <returns>The set's assignment before, or null when there is no such set.</returns>
    public Task<SetAssignment?> AssignImportedAsync(SetId setId, string participantId, CancellationToken cancellationToken) =>
        AssignOneByHandAsync(setId, participantId, current => !current.ByHand, cancellationToken);

    /// <summary>Assigns the set by hand when <paramref name="replaces"/> its current assignment, under the row's ETag.</summary>
    private async Task<SetAssignment?> AssignOneByHandAsync(
        SetId setId, string? participantId, Func<SetAssignment, bool> replaces, CancellationToken cancellationToken)
    {
        SetAssignment? before = null;
        DateTimeOffset? lastUpload = null;
        if (!await index.AmendAsync(setId, row =>
        {
            before = SetAssignment.From(row);
            lastUpload = row.GetDateTimeOffset(nameof(RecordingSetSummary.LastUpload));
            return replaces(before) && (before with { ParticipantId = participantId, ByHand = true }).WriteTo(row);
        }, cancellationToken))
        {
            return null;
        }

        if (replaces(before!))
        {
            await FollowLastUploadsAsync(before!.ParticipantId, participantId, lastUpload, cancellationToken);
        }

        return before;
    }

    /// <summary>Runs the automatic assignment again for the sets not assigned by hand (all of them when none are named).</summary>
    /// <returns>How many sets were looked at.</returns>
    public async Task<int> RerunAsync(IReadOnlyCollection<SetId>? setIds, CancellationToken cancellationToken)
    {
        var candidates = setIds ?? [.. (await ListAsync($"Listed eq {true}", cancellationToken)).Select(s => s.Id)];
        var count = 0;
        foreach (var setId in candidates)
        {
            if (await queries.GetAsync(setId, cancellationToken) is { Assignment.ByHand: false })
            {
                await FollowAsync(setId, null, cancellationToken);
                count++;
            }
        }

        logger.LogInformation("Automatic assignment run again over {Count} sets", count);
        return count;
    }

    /// <summary>The sets of a participant, newest first.</summary>
    public Task<List<RecordingSetSummary>> SetsOfAsync(string participantId, CancellationToken cancellationToken) =>
        ListAsync($"ParticipantId eq {participantId}", cancellationToken);

    /// <summary>The sets recorded on a watch (by android id or paired device id) from <paramref name="from"/> until before <paramref name="to"/>.</summary>
    public Task<List<RecordingSetSummary>> RecordedBetweenAsync(string? androidId, string? deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        androidId is not null
            ? ListAsync($"AndroidId eq {androidId} and RecordedAt ge {from} and RecordedAt lt {to}", cancellationToken)
            : ListAsync($"DeviceId eq {deviceId} and RecordedAt ge {from} and RecordedAt lt {to}", cancellationToken);

    /// <summary>
    /// A participant's last upload, for the study overview: kept on its row and raised as uploads come, counted from its
    /// sets (one filtered query) only when a set left it or it was never counted.
    /// </summary>
    public Task<DateTimeOffset?> LastUploadOfAsync(string participantId, CancellationToken cancellationToken) =>
        participants.LastUploadAsync(
            participantId, async token => (await SetsOfAsync(participantId, token)).Max(s => s.LastUpload), cancellationToken);

    /// <summary>
    /// Keeps the participants' last uploads true after a set went from <paramref name="before"/> to <paramref name="after"/>
    /// (or stayed, and received a file): the new one is raised to the set's last upload, the old one counts again.
    /// </summary>
    private async Task FollowLastUploadsAsync(string? before, string? after, DateTimeOffset? lastUpload, CancellationToken cancellationToken)
    {
        if (before is not null && before != after)
        {
            await participants.ForgetLastUploadAsync(before, cancellationToken);
        }

        if (after is not null && lastUpload is { } upload)
        {
            await participants.NoteUploadAsync(after, upload, cancellationToken);
        }
    }

    /// <summary>A deleted participant's sets belong to nobody, and the automatic assignment may give them to someone else.</summary>
    public async Task ReleaseSetsOfAsync(string participantId, CancellationToken cancellationToken)
    {
        foreach (var set in await SetsOfAsync(participantId, cancellationToken))
        {
            await index.AmendAsync(
                set.Id,
                row => SetAssignment.From(row) is { } current && current.ParticipantId == participantId
                    && (current with { ParticipantId = null, ByHand = false }).WriteTo(row),
                cancellationToken);
        }
    }

    private async Task<List<RecordingSetSummary>> ListAsync(FormattableString condition, CancellationToken cancellationToken)
    {
        var sets = new List<RecordingSetSummary>();
        await foreach (var set in queries.ListWhereAsync(condition, cancellationToken))
        {
            sets.Add(set);
        }

        return sets;
    }

    private static async Task<MetaInfo?> ReadMetaInfoAsync(SetContents contents, CancellationToken cancellationToken)
    {
        if (contents.Files.FirstOrDefault(f => AndroidIds.IsMetaInfoFile(f.Name) && f.Size <= MaxMetaInfoBytes) is not { } file)
        {
            return null;
        }

        var content = (await file.Blob.DownloadContentAsync(cancellationToken)).Value.Content;
        return AndroidIds.FromMetaInfo(content.ToMemory().Span, file.Name);
    }
}
