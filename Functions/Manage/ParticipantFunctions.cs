using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RecordingFunctions.Archive;
using RecordingFunctions.Http;
using RecordingFunctions.Participants;
using RecordingFunctions.Statistics;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Manage;

/// <summary>Participants (who wore which watch), which sets are theirs, the model their watch gets, and their data as one zip.</summary>
public sealed class ParticipantFunctions(
    AdminRequest admin,
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
    public Task<IActionResult> ListParticipants(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/participants")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async _ => ApiResults.Json((await participants.ListAsync(cancellationToken)).Select(ParticipantJson)), cancellationToken);

    [Function("CreateParticipant")]
    public Task<IActionResult> CreateParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/participants")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
            if (await JsonBody.ReadAsync<ParticipantChange>(request, cancellationToken) is not { } body)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "send {\"alias\": \"...\", \"androidId\": \"...\", \"active\": true, \"notes\": \"...\"}");
            }

            var outcome = await participants.CreateAsync(body, cancellationToken);
            if (outcome.Participant is not { } created)
            {
                return Refusal(outcome);
            }

            await context.AuditAsync("participant created", $"{created.Alias} on {created.AndroidId}");
            return ApiResults.Json(ParticipantJson(created), StatusCodes.Status201Created);
        }, cancellationToken);

    [Function("GetParticipant")]
    public Task<IActionResult> GetParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/participants/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        ForParticipantAsync(request, id, async (_, participant) =>
        {
            var aliases = new Dictionary<string, string> { [participant.Id] = participant.Alias };
            var json = ParticipantJson(participant);
            var sets = await assignments.SetsOfAsync(participant.Id, cancellationToken);
            json["sets"] = sets.Select(s => RecordingManagementFunctions.SetJson(s, aliases));
            json["statistics"] = StatisticsJson(ParticipantStatistics.For(sets, (await config.GetAsync(cancellationToken)).ExcludingSetTags));
            return ApiResults.Json(json);
        }, cancellationToken);

    [Function("DownloadParticipantSets")]
    public Task<IActionResult> DownloadParticipantSets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/participants/{id}/sets.csv")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        ForParticipantAsync(request, id, async (context, participant) =>
        {
            var sets = await assignments.SetsOfAsync(participant.Id, cancellationToken);
            await context.AuditAsync("participant sets downloaded", participant.Alias);
            Attachment.Name(request.HttpContext.Response, ParticipantSetsCsv.FileName(participant.Id));
            return new FileContentResult(ParticipantSetsCsv.Utf8(sets), "text/csv; charset=utf-8");
        }, cancellationToken);

    [Function("ExportParticipant")]
    public Task<IActionResult> ExportParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/participants/{id}/export")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        ForParticipantAsync(request, id, async (context, participant) =>
        {
            var outcome = await exporter.ExportAsync(participant, cancellationToken);
            if (outcome.Export is not { } export)
            {
                return ApiResults.Error(StatusCodes.Status409Conflict, outcome.Refusal ?? "refused");
            }

            var link = await downloads.LinkAsync(export.Blob, export.FileName, cancellationToken);
            await context.AuditAsync("participant exported", $"{participant.Alias}: {export.FileName}, {export.Sets} sets, {export.Files} files, {export.Bytes} bytes");
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
    public Task<IActionResult> ChangeParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/api/participants/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
            if (await JsonBody.ReadAsync<ParticipantChange>(request, cancellationToken) is not { } body)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "send the fields to change: {\"alias\", \"androidId\", \"active\", \"notes\"}");
            }

            var outcome = await participants.ChangeAsync(id, body, cancellationToken);
            if (outcome.Participant is not { } changed)
            {
                return Refusal(outcome);
            }

            await context.AuditAsync("participant changed", $"{changed.Alias} on {changed.AndroidId}, {(changed.Active ? "active" : "inactive")}");
            return ApiResults.Json(ParticipantJson(changed));
        }, cancellationToken);

    [Function("DeleteParticipant")]
    public Task<IActionResult> DeleteParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/api/participants/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
            if (await participants.DeleteAsync(id, cancellationToken) is not { } deleted)
            {
                return Refusal(ParticipantOutcome.NotFound);
            }

            await assignments.ReleaseSetsOfAsync(deleted.Id, cancellationToken);
            await context.AuditAsync("participant deleted", deleted.Alias);
            return ApiResults.Json(new { status = "deleted", id = deleted.Id, alias = deleted.Alias });
        }, cancellationToken);

    [Function("SetParticipantModel")]
    public Task<IActionResult> SetParticipantModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/api/participants/{id}/model")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
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

            await context.AuditAsync("participant model set", $"{changed.Alias}: {name}");
            return ApiResults.Json(ParticipantJson(changed));
        }, cancellationToken);

    [Function("UploadParticipantModel")]
    public Task<IActionResult> UploadParticipantModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/participants/{id}/model")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
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

                await context.AuditAsync("model added", upload.FileName!.ToString());
                await context.AuditAsync("participant model set", $"{changed.Alias}: {upload.FileName.Name}");
                return ApiResults.Json(ParticipantJson(changed), StatusCodes.Status201Created);
            }
        }, cancellationToken);

    [Function("ClearParticipantModel")]
    public Task<IActionResult> ClearParticipantModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/api/participants/{id}/model")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async context =>
        {
            var outcome = await modelAssignments.ClearAsync(id, cancellationToken);
            if (outcome.Participant is not { } changed)
            {
                return Refusal(outcome);
            }

            await context.AuditAsync("participant model cleared", $"{changed.Alias}: the default model");
            return ApiResults.Json(ParticipantJson(changed));
        }, cancellationToken);

    [Function("AssignSetsToParticipant")]
    public Task<IActionResult> AssignSetsToParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/participants/{id}/assign")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        ForParticipantAsync(request, id, (context, participant) =>
            ForSelectionAsync(request, required: true, async setIds =>
            {
                var count = await assignments.AssignByHandAsync(setIds!, participant.Id, cancellationToken);
                await context.AuditAsync("sets assigned", $"{count} sets to {participant.Alias}");
                return ApiResults.Json(new { status = "assigned", participant = participant.Id, sets = setIds });
            }, cancellationToken), cancellationToken);

    [Function("UnassignSets")]
    public Task<IActionResult> UnassignSets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/participants/unassign")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, context => ForSelectionAsync(request, required: true, async setIds =>
        {
            var count = await assignments.AssignByHandAsync(setIds!, null, cancellationToken);
            await context.AuditAsync("sets unassigned", $"{count} sets");
            return ApiResults.Json(new { status = "unassigned", sets = setIds });
        }, cancellationToken), cancellationToken);

    [Function("RerunSetAssignment")]
    public Task<IActionResult> RerunSetAssignment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/api/participants/reassign")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, context => ForSelectionAsync(request, required: false, async setIds =>
        {
            var count = await assignments.RerunAsync(setIds, cancellationToken);
            await context.AuditAsync("sets reassigned", setIds is null ? $"all {count} sets not assigned by hand" : $"{count} sets not assigned by hand");
            return ApiResults.Json(new { status = "reassigned", count });
        }, cancellationToken), cancellationToken);

    [Function("ParticipantOverview")]
    public Task<IActionResult> ParticipantOverview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/participants/overview")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async _ =>
        {
            var silentDays = (await config.GetAsync(cancellationToken)).SilentDays;
            if (request.Query.TryGetValue("silentDays", out var text)
                && (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out silentDays) || silentDays is < 1 or > 365))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "silentDays must be a whole number of days from 1 to 365");
            }

            var now = clock.GetUtcNow();
            var active = (await participants.ListAsync(cancellationToken)).Where(p => p.Active).OrderBy(p => p.Alias, StringComparer.OrdinalIgnoreCase).ToList();
            var lastUploads = new Dictionary<string, DateTimeOffset?>();
            foreach (var participant in active)
            {
                lastUploads[participant.Id] = participant.LastUploadCounted
                    ? participant.LastUpload
                    : await assignments.LastUploadOfAsync(participant.Id, cancellationToken);
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
                        silent = (last ?? p.CreatedAt) < now.AddDays(-silentDays),
                    };
                }),
            });
        }, cancellationToken);

    internal static object StatisticsJson(ParticipantStatistics statistics) => new
    {
        totals = RecordingManagementFunctions.FiguresJson(statistics.Totals),
        days = statistics.Days.Select(d => new { date = d.Date, hasData = d.HasData, figures = RecordingManagementFunctions.FiguresJson(d.Figures) }),
        daysCovered = statistics.DaysCovered,
        daysWithoutData = statistics.DaysWithoutData,
        lastUpload = statistics.LastUpload,
        sets = statistics.Sets,
        excludedSets = statistics.ExcludedSets,
    };

    internal static Dictionary<string, object?> ParticipantJson(Participant participant) => new()
    {
        ["id"] = participant.Id,
        ["alias"] = participant.Alias,
        ["androidId"] = participant.AndroidId,
        ["active"] = participant.Active,
        ["notes"] = participant.Notes,
        ["createdAt"] = participant.CreatedAt,
        ["changedAt"] = participant.ChangedAt,
        ["periods"] = participant.Periods.Select(p => new { androidId = p.AndroidId, from = p.From, to = p.To }),
        ["model"] = participant.Model,
    };

    internal static JsonResult Refusal(ParticipantOutcome outcome) => ApiResults.Error(
        outcome.Problem switch
        {
            ParticipantProblem.NotFound => StatusCodes.Status404NotFound,
            ParticipantProblem.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        },
        outcome.Message ?? "refused");

    /// <summary>Runs <paramref name="action"/> for the participant <paramref name="id"/> names, for a signed-in admin; 404 when there is none.</summary>
    private Task<IActionResult> ForParticipantAsync(
        HttpRequest request, string id, Func<AdminContext, Participant, Task<IActionResult>> action, CancellationToken cancellationToken) =>
        admin.RunAsync(
            request,
            async context => await participants.GetAsync(id, cancellationToken) is { } participant
                ? await action(context, participant)
                : Refusal(ParticipantOutcome.NotFound),
            cancellationToken);

    /// <summary>
    /// Reads which sets a request means: <c>{"sets": [uuid, ...]}</c>, or the sets recorded on a watch in a time range,
    /// <c>{"androidId" or "deviceId": ..., "from": ..., "to": ...}</c> (from inclusive, to exclusive). Without a body,
    /// and when not <paramref name="required"/>, all sets (null). Every named set must exist, or nothing is done.
    /// </summary>
    private async Task<IActionResult> ForSelectionAsync(
        HttpRequest request, bool required, Func<IReadOnlyCollection<SetId>?, Task<IActionResult>> action, CancellationToken cancellationToken)
    {
        const string Usage = "send {\"sets\": [\"<uuid>\", ...]} or {\"androidId\": \"...\" (or \"deviceId\"), \"from\": \"<time>\", \"to\": \"<time>\"}";
        var hasBody = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0;
        if (!hasBody)
        {
            return required ? ApiResults.Error(StatusCodes.Status400BadRequest, Usage) : await action(null);
        }

        if (await JsonBody.ReadAsync<SetSelection>(request, cancellationToken) is not { } selection)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, Usage);
        }

        if (selection.Sets is { } named)
        {
            if (named.Count is 0 or > MaxSetsPerRequest || selection.AndroidId is not null || selection.DeviceId is not null)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, $"name 1 to {MaxSetsPerRequest} sets, and no watch or range beside them");
            }

            var setIds = new List<SetId>();
            foreach (var uuid in named)
            {
                if (!SetId.TryParse(uuid, out var setId))
                {
                    return ApiResults.Error(StatusCodes.Status400BadRequest, $"not a set uuid: {uuid}");
                }

                if (await queries.GetAsync(setId, cancellationToken) is null)
                {
                    return ApiResults.Error(StatusCodes.Status404NotFound, $"no such set: {setId}");
                }

                setIds.Add(setId);
            }

            return await action(setIds.Distinct().ToList());
        }

        var androidId = selection.AndroidId is null ? null : AndroidIds.Normalize(selection.AndroidId);
        if ((selection.AndroidId is null) == (selection.DeviceId is null) || (selection.AndroidId is not null && androidId is null)
            || selection.From is not { } from || selection.To is not { } to)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, Usage);
        }

        if (from >= to)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "from must be before to");
        }

        var inRange = await assignments.RecordedBetweenAsync(androidId, selection.DeviceId, from, to, cancellationToken);
        if (inRange.Count > MaxSetsPerRequest)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"the range holds {inRange.Count} sets, more than {MaxSetsPerRequest}: choose a shorter one");
        }

        return await action([.. inRange.Select(s => s.Id)]);
    }

    private sealed record ModelChoice(string? Model);

    private sealed record SetSelection(List<string>? Sets, string? AndroidId, string? DeviceId, DateTimeOffset? From, DateTimeOffset? To);
}
