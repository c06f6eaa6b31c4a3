namespace RecordingFunctions.Manage;

/// <summary>Participants (who wore which watch), which sets are theirs, the model their watch gets, and their data as one zip.</summary>
[AdminOnly]
public sealed class ParticipantFunctions(
    ParticipantStore participants,
    SetAssignments assignments,
    ModelAssignments modelAssignments,
    SetQueries queries,
    TimeProvider clock,
    ConfigStore config,
    ParticipantExporter exporter,
    BlobDownloads downloads)
{
    public const int MaxSetsPerRequest = 1000;

    [Function("ListParticipants")]
    public async Task<IActionResult> ListParticipants(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/participants")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var query = new QueryParameters(request.Query);
        var pageSize = query.WholeNumber("pageSize", RecordingManagementFunctions.DefaultPageSize, 1, RecordingManagementFunctions.MaxPageSize);
        if (query.Problem is { } problem)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, problem);
        }

        var silentDays = (await config.GetAsync(cancellationToken)).SilentDays;
        var (page, continuation) = await participants.ListPageAsync(pageSize, query.Text("continuation"), query.Text("search"), cancellationToken);
        var rows = new List<ListedParticipantJson>(page.Count);
        foreach (var participant in page)
        {
            var last = await LastUploadAsync(participant, cancellationToken);
            rows.Add(new ListedParticipantJson(participant, last, participant.Active && IsSilent(participant, last, silentDays)));
        }

        return ApiResults.Json(new { participants = rows, continuation, silentDays });
    }

    [Function("CreateParticipant")]
    public async Task<IActionResult> CreateParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/participants")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var admin = SignedInAdmin.Of(request);
        if (await JsonBody.ReadAsync<ParticipantChange>(request, cancellationToken) is not { } body)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "send {\"alias\": \"...\", \"androidId\": \"...\", \"active\": true, \"notes\": \"...\"}");
        }

        var outcome = await participants.CreateAsync(body, cancellationToken);
        if (outcome.Participant is not { } created)
        {
            return Refusal(outcome);
        }

        await admin.AuditAsync("participant created", $"{created.Alias} on {created.AndroidId}");
        return ApiResults.Json(ParticipantJson.Of(created), StatusCodes.Status201Created);
    }

    [Function("GetParticipant")]
    public Task<IActionResult> GetParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/participants/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        ForParticipantAsync(id, async participant =>
        {
            var sets = await assignments.SetsOfAsync(participant.Id, cancellationToken);
            var statistics = ParticipantStatistics.For(sets, (await config.GetAsync(cancellationToken)).ExcludingSetTags);
            return ApiResults.Json(new ParticipantDetailJson(participant, sets, statistics));
        }, cancellationToken);

    [Function("DownloadParticipantSets")]
    public Task<IActionResult> DownloadParticipantSets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/participants/{id}/sets.csv")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        ForParticipantAsync(id, async participant =>
        {
            var sets = await assignments.SetsOfAsync(participant.Id, cancellationToken);
            await SignedInAdmin.Of(request).AuditAsync("participant sets downloaded", participant.Alias);
            Attachment.Name(request.HttpContext.Response, ParticipantSetsCsv.FileName(participant.Id));
            return new FileContentResult(ParticipantSetsCsv.Utf8(sets), "text/csv; charset=utf-8");
        }, cancellationToken);

    [Function("ExportParticipant")]
    public Task<IActionResult> ExportParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/participants/{id}/export")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        ForParticipantAsync(id, async participant =>
        {
            var outcome = await exporter.ExportAsync(participant, cancellationToken);
            if (outcome.Export is not { } export)
            {
                return ApiResults.Error(StatusCodes.Status409Conflict, outcome.Refusal ?? "refused");
            }

            var link = await downloads.LinkAsync(export.Blob, export.FileName, cancellationToken);
            await SignedInAdmin.Of(request).AuditAsync("participant exported", $"{participant.Alias}: {export.FileName}, {export.Sets} sets, {export.Files} files, {export.Bytes} bytes");
            return ApiResults.Json(new
            {
                url = link.Uri.AbsoluteUri,
                expiresAt = link.ExpiresOn,
                fileName = export.FileName,
                sets = export.Sets,
                files = export.Files,
                bytes = export.Bytes,
            });
        }, cancellationToken);

    [Function("ChangeParticipant")]
    public async Task<IActionResult> ChangeParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/api/participants/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var admin = SignedInAdmin.Of(request);
        if (await JsonBody.ReadAsync<ParticipantChange>(request, cancellationToken) is not { } body)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "send the fields to change: {\"alias\", \"androidId\", \"active\", \"notes\"}");
        }

        var outcome = await participants.ChangeAsync(id, body, cancellationToken);
        if (outcome.Participant is not { } changed)
        {
            return Refusal(outcome);
        }

        await admin.AuditAsync("participant changed", $"{changed.Alias} on {changed.AndroidId}, {(changed.Active ? "active" : "inactive")}");
        return ApiResults.Json(ParticipantJson.Of(changed));
    }

    [Function("DeleteParticipant")]
    public async Task<IActionResult> DeleteParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/api/participants/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var admin = SignedInAdmin.Of(request);
        if (await participants.DeleteAsync(id, cancellationToken) is not { } deleted)
        {
            return Refusal(ParticipantOutcome.NotFound);
        }

        await assignments.ReleaseSetsOfAsync(deleted.Id, cancellationToken);
        await admin.AuditAsync("participant deleted", deleted.Alias);
        return ApiResults.Json(new { status = "deleted", id = deleted.Id, alias = deleted.Alias });
    }

    [Function("SetParticipantModel")]
    public async Task<IActionResult> SetParticipantModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/api/participants/{id}/model")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var admin = SignedInAdmin.Of(request);
        if (await JsonBody.ReadAsync<ModelChoice>(request, cancellationToken) is not { Model: { Length: > 0 } name })
        {
            return ApiResults.Error(
                StatusCodes.Status400BadRequest, "send {\"model\": \"<the name of a model in the library>\"}; DELETE returns the participant to the default model");
        }

        var outcome = await modelAssignments.AssignAsync(id, name, cancellationToken);
        if (outcome.Participant is not { } changed)
        {
            return Refusal(outcome);
        }

        await admin.AuditAsync("participant model set", $"{changed.Alias}: {name}");
        return ApiResults.Json(ParticipantJson.Of(changed));
    }

    [Function("UploadParticipantModel")]
    public async Task<IActionResult> UploadParticipantModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/participants/{id}/model")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var admin = SignedInAdmin.Of(request);
        var maxBytes = (await config.GetAsync(cancellationToken)).MaxUploadBytes;
        var upload = await ModelUpload.ReadAsync(request, maxBytes, cancellationToken);
        await using (upload.ModelFile)
        {
            if (upload.Error is { } error)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, error);
            }

            var outcome = await modelAssignments.AddAndAssignAsync(id, upload.FileName!, upload.ModelFile!, upload.SettingsJson!, maxBytes, cancellationToken);
            if (outcome.Participant is not { } changed)
            {
                return Refusal(outcome);
            }

            await admin.AuditAsync("model added", upload.FileName!.ToString());
            await admin.AuditAsync("participant model set", $"{changed.Alias}: {upload.FileName.Name}");
            return ApiResults.Json(ParticipantJson.Of(changed), StatusCodes.Status201Created);
        }
    }

    [Function("ClearParticipantModel")]
    public async Task<IActionResult> ClearParticipantModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/api/participants/{id}/model")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var admin = SignedInAdmin.Of(request);
        var outcome = await modelAssignments.ClearAsync(id, cancellationToken);
        if (outcome.Participant is not { } changed)
        {
            return Refusal(outcome);
        }

        await admin.AuditAsync("participant model cleared", $"{changed.Alias}: the default model");
        return ApiResults.Json(ParticipantJson.Of(changed));
    }

    [Function("AssignSetsToParticipant")]
    public Task<IActionResult> AssignSetsToParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/participants/{id}/assign")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        ForParticipantAsync(id, async participant =>
        {
            var selection = await SelectedSetsAsync(request, required: true, cancellationToken);
            if (selection.Refusal is { } refusal)
            {
                return refusal;
            }

            var count = await assignments.AssignByHandAsync(selection.SetIds!, participant.Id, cancellationToken);
            await SignedInAdmin.Of(request).AuditAsync("sets assigned", $"{count} sets to {participant.Alias}");
            return ApiResults.Json(new { status = "assigned", participant = participant.Id, sets = selection.SetIds });
        }, cancellationToken);

    [Function("UnassignSets")]
    public async Task<IActionResult> UnassignSets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/participants/unassign")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var selection = await SelectedSetsAsync(request, required: true, cancellationToken);
        if (selection.Refusal is { } refusal)
        {
            return refusal;
        }

        var count = await assignments.AssignByHandAsync(selection.SetIds!, null, cancellationToken);
        await SignedInAdmin.Of(request).AuditAsync("sets unassigned", $"{count} sets");
        return ApiResults.Json(new { status = "unassigned", sets = selection.SetIds });
    }

    [Function("RerunSetAssignment")]
    public async Task<IActionResult> RerunSetAssignment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/participants/reassign")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var selection = await SelectedSetsAsync(request, required: false, cancellationToken);
        if (selection.Refusal is { } refusal)
        {
            return refusal;
        }

        var count = await assignments.RerunAsync(selection.SetIds, cancellationToken);
        await SignedInAdmin.Of(request).AuditAsync(
            "sets reassigned", selection.SetIds is null ? $"all {count} sets not assigned by hand" : $"{count} sets not assigned by hand");
        return ApiResults.Json(new { status = "reassigned", count });
    }

    [Function("ParticipantOverview")]
    public async Task<IActionResult> ParticipantOverview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/participants/overview")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var query = new QueryParameters(request.Query);
        var silentDays = query.WholeNumber("silentDays", (await config.GetAsync(cancellationToken)).SilentDays, 1, 365, "days");
        if (query.Problem is { } problem)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, problem);
        }

        var active = (await participants.ListAsync(cancellationToken)).Where(p => p.Active).OrderBy(p => p.Alias, StringComparer.OrdinalIgnoreCase).ToList();
        var lastUploads = new Dictionary<string, DateTimeOffset?>();
        foreach (var participant in active)
        {
            lastUploads[participant.Id] = await LastUploadAsync(participant, cancellationToken);
        }

        return ApiResults.Json(new
        {
            silentDays,
            participants = active.Select(p =>
            {
                var last = lastUploads[p.Id];
                return new
                {
                    id = p.Id,
                    alias = p.Alias,
                    androidId = p.AndroidId,
                    lastUpload = last,
                    silent = IsSilent(p, last, silentDays),
                };
            }),
        });
    }

    /// <summary>The participant's last upload: kept on its row, or counted from its sets when a set left it.</summary>
    private async Task<DateTimeOffset?> LastUploadAsync(Participant participant, CancellationToken cancellationToken) =>
        participant.LastUploadCounted ? participant.LastUpload : await assignments.LastUploadOfAsync(participant.Id, cancellationToken);

    /// <summary>No upload (or, without one, no creation) for more than <paramref name="silentDays"/> days.</summary>
    private bool IsSilent(Participant participant, DateTimeOffset? lastUpload, int silentDays) =>
        (lastUpload ?? participant.CreatedAt) < clock.GetUtcNow().AddDays(-silentDays);

    internal static JsonResult Refusal(ParticipantOutcome outcome) => ApiResults.Error(
        outcome.Problem switch
        {
            ParticipantProblem.NotFound => StatusCodes.Status404NotFound,
            ParticipantProblem.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        },
        outcome.Message ?? "refused");

    /// <summary>Runs <paramref name="action"/> for the participant <paramref name="id"/> names; 404 when there is none.</summary>
    private async Task<IActionResult> ForParticipantAsync(string id, Func<Participant, Task<IActionResult>> action, CancellationToken cancellationToken) =>
        await participants.GetAsync(id, cancellationToken) is { } participant
            ? await action(participant)
            : Refusal(ParticipantOutcome.NotFound);

    /// <summary>
    /// Reads which sets a request means: <c>{"sets": [uuid, ...]}</c>, or the sets recorded on a watch in a time range,
    /// <c>{"androidId" or "deviceId": ..., "from": ..., "to": ...}</c> (from inclusive, to exclusive). Without a body,
    /// and when not <paramref name="required"/>, all sets (null). Every named set must exist, or nothing is done.
    /// </summary>
    private async Task<SelectedSets> SelectedSetsAsync(HttpRequest request, bool required, CancellationToken cancellationToken)
    {
        const string usage = "send {\"sets\": [\"<uuid>\", ...]} or {\"androidId\": \"...\" (or \"deviceId\"), \"from\": \"<time>\", \"to\": \"<time>\"}";
        var hasBody = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0;
        if (!hasBody)
        {
            return required ? SelectedSets.Refused(StatusCodes.Status400BadRequest, usage) : new SelectedSets(null, null);
        }

        if (await JsonBody.ReadAsync<SetSelection>(request, cancellationToken) is not { } selection)
        {
            return SelectedSets.Refused(StatusCodes.Status400BadRequest, usage);
        }

        if (selection.Sets is { } named)
        {
            if (named.Count is 0 or > MaxSetsPerRequest || selection.AndroidId is not null || selection.DeviceId is not null)
            {
                return SelectedSets.Refused(StatusCodes.Status400BadRequest, $"name 1 to {MaxSetsPerRequest} sets, and no watch or range beside them");
            }

            var setIds = new List<SetId>();
            foreach (var uuid in named)
            {
                if (!SetId.TryParse(uuid, out var setId))
                {
                    return SelectedSets.Refused(StatusCodes.Status400BadRequest, $"not a set uuid: {uuid}");
                }

                if (await queries.GetAsync(setId, cancellationToken) is null)
                {
                    return SelectedSets.Refused(StatusCodes.Status404NotFound, $"no such set: {setId}");
                }

                setIds.Add(setId);
            }

            return new SelectedSets([.. setIds.Distinct()], null);
        }

        var androidId = selection.AndroidId is null ? null : AndroidIds.Normalize(selection.AndroidId);
        if ((selection.AndroidId is null) == (selection.DeviceId is null) || (selection.AndroidId is not null && androidId is null)
            || selection.From is not { } from || selection.To is not { } to)
        {
            return SelectedSets.Refused(StatusCodes.Status400BadRequest, usage);
        }

        if (from >= to)
        {
            return SelectedSets.Refused(StatusCodes.Status400BadRequest, "from must be before to");
        }

        var inRange = await assignments.RecordedBetweenAsync(androidId, selection.DeviceId, from, to, cancellationToken);
        if (inRange.Count > MaxSetsPerRequest)
        {
            return SelectedSets.Refused(StatusCodes.Status400BadRequest, $"the range holds {inRange.Count} sets, more than {MaxSetsPerRequest}: choose a shorter one");
        }

        return new SelectedSets([.. inRange.Select(s => s.Id)], null);
    }

    private sealed record ModelChoice(string? Model);

    private sealed record SetSelection(List<string>? Sets, string? AndroidId, string? DeviceId, DateTimeOffset? From, DateTimeOffset? To);

    /// <param name="SetIds">The sets chosen; null for all sets.</param>
    /// <param name="Refusal">The answer when the request names no valid choice; nothing is done then.</param>
    private sealed record SelectedSets(IReadOnlyCollection<SetId>? SetIds, JsonResult? Refusal)
    {
        public static SelectedSets Refused(int status, string message) => new(null, ApiResults.Error(status, message));
    }
}
