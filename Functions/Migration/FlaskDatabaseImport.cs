namespace RecordingFunctions.Migration;

/// <summary>
/// Brings what the Flask server's database knew about the imported sets into storage, after the sets are indexed:
/// its participants through <see cref="ParticipantStore.ImportAsync"/> (the same validation as the page's), which set
/// belongs to whom as by-hand assignments (the Flask team's own record, which the automatic assignment leaves alone),
/// and its tags on sets, each tag added to the study's list. Every row it does not bring is reported with why. Running
/// it again finds what it brought before and changes nothing.
/// </summary>
public sealed class FlaskDatabaseImport(
    ParticipantStore participants, SetAssignments assignments, SetIndex index, SetQueries queries, ConfigStore config, ILogger<FlaskDatabaseImport> logger)
{
    public async Task<FlaskDatabaseReport> ImportAsync(FlaskDatabaseContent content, CancellationToken cancellationToken)
    {
        var report = new FlaskDatabaseReport();
        var imported = await ImportParticipantsAsync(content.Participants, report, cancellationToken);
        var sets = await SetsOfRecordingsAsync(content.Recordings, report, cancellationToken);
        await AssignAsync(content, imported, sets, report, cancellationToken);
        await TagAsync(content, sets, report, cancellationToken);
        logger.LogInformation(
            "Flask database imported: {Created} participants created, {Assigned} sets assigned by hand, {Tagged} sets tagged, {Skipped} rows skipped",
            report.ParticipantsCreated, report.SetsAssigned, report.SetsTagged, report.Skipped.Count);
        return report;
    }

    /// <returns>Our participant of each Flask participant brought in, by its Flask id.</returns>
    private async Task<Dictionary<long, Participant>> ImportParticipantsAsync(
        IReadOnlyList<FlaskParticipant> flaskParticipants, FlaskDatabaseReport report, CancellationToken cancellationToken)
    {
        // The Flask server gave a watch's uploads to the newest of its participants active on it.
        var newestActive = flaskParticipants.Where(p => p.Active && AndroidIds.Normalize(p.AndroidId) is not null)
            .GroupBy(p => AndroidIds.Normalize(p.AndroidId)!)
            .ToDictionary(g => g.Key, g => g.MaxBy(p => p.Id)!);
        var imported = new Dictionary<long, Participant>();
        foreach (var flask in flaskParticipants.OrderBy(p => p.Id))
        {
            var androidId = AndroidIds.Normalize(flask.AndroidId);
            var outdone = flask.Active && androidId is not null && newestActive[androidId] != flask ? newestActive[androidId] : null;
            var change = new ParticipantChange(
                flask.Alias is { } alias && alias.Trim().Length > 0 ? alias : $"Flask participant {flask.Id}",
                flask.AndroidId,
                flask.Active && outdone is null,
                $"Imported from the Flask server's database, where it was participant {flask.Id}.");
            var result = await participants.ImportAsync(change, $"flask-participant-{flask.Id}-{androidId}", cancellationToken);
            switch (result.Kind)
            {
                case ParticipantImportKind.Refused:
                    report.Skipped.Add($"{flask}: {result.Message}");
                    continue;
                case ParticipantImportKind.AlreadyImported:
                    report.ParticipantsAlreadyImported++;
                    break;
                case ParticipantImportKind.SameAliasAndWatch:
                    report.ParticipantsMatched++;
                    report.Notices.Add($"{flask} is the participant '{result.Participant!.Alias}' made here on the same watch; it keeps what it is here");
                    break;
                case ParticipantImportKind.CreatedInactive:
                    report.ParticipantsCreated++;
                    report.Notices.Add($"{flask} was imported inactive, though active in the Flask database: {result.Message}");
                    break;
                default:
                    report.ParticipantsCreated++;
                    if (outdone is not null)
                    {
                        report.Notices.Add($"{flask} was imported inactive: {outdone} is active on the same watch in the Flask database too, and the Flask server gave the watch's uploads to the newest one");
                    }

                    break;
            }

            imported[flask.Id] = result.Participant!;
        }

        return imported;
    }

    /// <returns>The set of each recording whose set is here, by the recording's Flask id.</returns>
    private async Task<Dictionary<long, SetId>> SetsOfRecordingsAsync(
        IReadOnlyList<FlaskRecording> recordings, FlaskDatabaseReport report, CancellationToken cancellationToken)
    {
        var indexed = new HashSet<SetId>();
        await foreach (var set in queries.ListWhereAsync($"Listed eq {true}", cancellationToken))
        {
            indexed.Add(set.Id);
        }

        var sets = new Dictionary<long, SetId>();
        foreach (var recording in recordings)
        {
            var folder = Path.GetFileName(recording.Path?.Replace('\\', '/').TrimEnd('/'));
            if (!SetId.TryParse(folder, out var setId))
            {
                report.Skipped.Add($"{recording}: its folder name is not a set uuid");
            }
            else if (!indexed.Contains(setId))
            {
                report.Skipped.Add($"{recording}: no such set here (its folder is not in uploads/recordings, or held no recording)");
            }
            else
            {
                sets[recording.Id] = setId;
            }
        }

        return sets;
    }

    private async Task AssignAsync(
        FlaskDatabaseContent content, Dictionary<long, Participant> imported, Dictionary<long, SetId> sets, FlaskDatabaseReport report, CancellationToken cancellationToken)
    {
        var flaskParticipants = content.Participants.ToDictionary(p => p.Id);
        var recordings = content.Recordings.ToDictionary(r => r.Id);
        var wanted = new List<(SetId SetId, FlaskRecording Recording, FlaskParticipant Flask)>();
        foreach (var row in content.Assignments)
        {
            var what = $"participant_to_recording row (recording {Id(row.RecordingId)}, participant {Id(row.ParticipantId)})";
            if (row.RecordingId is not { } recordingId || !recordings.TryGetValue(recordingId, out var recording))
            {
                report.Skipped.Add($"{what}: no such recording in the database");
            }
            else if (row.ParticipantId is not { } participantId || !flaskParticipants.TryGetValue(participantId, out var flask))
            {
                report.Skipped.Add($"{what}: no such participant in the database");
            }
            else if (!sets.TryGetValue(recordingId, out var setId))
            {
                report.Skipped.Add($"{recording} of {flask}: the set is not here (above)");
            }
            else if (!imported.ContainsKey(participantId))
            {
                report.Skipped.Add($"{recording} of {flask}: the participant was not imported (above)");
            }
            else
            {
                wanted.Add((setId, recording, flask));
            }
        }

        var aliases = (await participants.ListAsync(cancellationToken)).ToDictionary(p => p.Id, p => p.Alias);
        foreach (var set in wanted.GroupBy(w => w.SetId))
        {
            var owners = set.Select(w => w.Flask).Distinct().ToList();
            if (owners.Count > 1)
            {
                foreach (var (_, recording, flask) in set)
                {
                    report.Skipped.Add(
                        $"{recording} of {flask}: the Flask database gives the set to {string.Join(" and ", owners)}; a set has one participant here, so it is left to the automatic assignment");
                }

                continue;
            }

            var participant = imported[owners[0].Id];
            var before = await assignments.AssignImportedAsync(set.Key, participant.Id, cancellationToken);
            if (before is null)
            {
                report.Skipped.Add($"{set.First().Recording} of {owners[0]}: the set is gone");
            }
            else if (!before.ByHand)
            {
                report.SetsAssigned++;
            }
            else if (before.ParticipantId == participant.Id)
            {
                report.SetsAlreadyAssigned++;
            }
            else
            {
                var chosen = before.ParticipantId is { } other ? $"'{aliases.GetValueOrDefault(other, other)}'" : "nobody";
                report.Skipped.Add($"{set.First().Recording} of {owners[0]}: assigned by hand here to {chosen}, and that stays");
            }
        }
    }

    private async Task TagAsync(FlaskDatabaseContent content, Dictionary<long, SetId> sets, FlaskDatabaseReport report, CancellationToken cancellationToken)
    {
        var tags = content.Tags.ToDictionary(t => t.Id);
        var recordings = content.Recordings.ToDictionary(r => r.Id);
        var wanted = new Dictionary<SetId, SortedSet<string>>();
        foreach (var row in content.RecordingTags)
        {
            var what = $"recording_to_tag row (recording {Id(row.RecordingId)}, tag {Id(row.TagId)})";
            if (row.TagId is not { } tagId || !tags.TryGetValue(tagId, out var tag))
            {
                report.Skipped.Add($"{what}: no such tag in the database");
            }
            else if (row.RecordingId is not { } recordingId || !recordings.TryGetValue(recordingId, out var recording))
            {
                report.Skipped.Add($"{what}: no such recording in the database");
            }
            else if (!TagList.IsTag(tag.Name))
            {
                report.Skipped.Add($"tag '{tag.Name}' on {recording}: a tag here has 1 to {TagList.MaxLength} characters");
            }
            else if (tag.Name!.Trim() == StudySettings.NoDataTag)
            {
                report.Skipped.Add($"tag '{StudySettings.NoDataTag}' on {recording}: this app sets and removes it itself, from the set's sensor samples");
            }
            else if (!sets.TryGetValue(recordingId, out var setId))
            {
                report.Skipped.Add($"tag '{tag.Name.Trim()}' on {recording}: the set is not here (above)");
            }
            else
            {
                (wanted.TryGetValue(setId, out var setTags) ? setTags : wanted[setId] = new SortedSet<string>(StringComparer.Ordinal)).Add(tag.Name.Trim());
            }
        }

        var used = wanted.Values.SelectMany(t => t).ToHashSet(StringComparer.Ordinal);
        foreach (var unused in content.Tags.Where(t => TagList.IsTag(t.Name) && !used.Contains(t.Name!.Trim()) && t.Name.Trim() != StudySettings.NoDataTag))
        {
            report.Skipped.Add($"tag '{unused.Name!.Trim()}' (recording_tag {unused.Id}): on no set here, so not added to the study's tags");
        }

        var settings = await config.GetAsync(cancellationToken);
        if (used.Except(settings.SetTags, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } missing)
        {
            await config.UpdateAsync(s => s with { SetTags = [.. s.SetTags.Union(missing, StringComparer.Ordinal)] }, cancellationToken);
            report.TagsAdded.AddRange(missing);
        }

        foreach (var (setId, setTags) in wanted)
        {
            var changed = false;
            await index.AmendAsync(setId, row => changed = SetStatisticsRow.WriteTags(row, SetStatisticsRow.ReadTags(row).Union(setTags)), cancellationToken);
            if (changed)
            {
                report.SetsTagged++;
            }
        }
    }

    private static string Id(long? id) => id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
}

/// <summary>What <see cref="FlaskDatabaseImport"/> did, and each row it did not bring with why.</summary>
public sealed class FlaskDatabaseReport
{
    public int ParticipantsCreated { get; set; }

    public int ParticipantsAlreadyImported { get; set; }

    /// <summary>Participants made here before the import, with the same alias on the same watch.</summary>
    public int ParticipantsMatched { get; set; }

    public int SetsAssigned { get; set; }

    public int SetsAlreadyAssigned { get; set; }

    public int SetsTagged { get; set; }

    /// <summary>The Flask tags added to the study's list (<c>set_tags</c>).</summary>
    public List<string> TagsAdded { get; } = [];

    /// <summary>What was brought in otherwise than it was in the Flask database, and why.</summary>
    public List<string> Notices { get; } = [];

    public List<string> Skipped { get; } = [];
}
