using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RecordingFunctions.Http;
using RecordingFunctions.Participants;
using RecordingFunctions.Statistics;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Manage;

/// <summary>Recording sets as the admin sees them: the list, one set, its files, description and zip.</summary>
public sealed class RecordingManagementFunctions(AdminRequest admin, SetIndex index, SetQueries queries, RecordingSets sets, BlobContainers containers, ConfigStore config, BlobDownloads downloads, ParticipantStore participants)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    [Function("ListRecordingSets")]
    public Task<IActionResult> ListRecordingSets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/recordings")] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RunAsync(request, async _ =>
        {
            var pageSize = DefaultPageSize;
            if (request.Query.TryGetValue("pageSize", out var size) && (!int.TryParse(size, out pageSize) || pageSize is < 1 or > MaxPageSize))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, $"pageSize must be a whole number from 1 to {MaxPageSize}");
            }

            var (page, continuation) = await queries.ListAsync(pageSize, request.Query["continuation"], request.Query["search"], cancellationToken);
            var aliases = await AliasesAsync(cancellationToken);
            return ApiResults.Json(new { sets = page.Select(set => SetJson(set, aliases)), continuation });
        }, cancellationToken);

    [Function("GetRecordingSet")]
    public Task<IActionResult> GetRecordingSet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/recordings/{uuid}")] HttpRequest request,
        string uuid,
        CancellationToken cancellationToken) =>
        ForSetAsync(request, uuid, async (_, setId) =>
        {
            var settings = await config.GetAsync(cancellationToken);
            if (await sets.GetAsync(setId, settings.HideMicFiles, cancellationToken) is not { } detail)
            {
                return NoSuchSet();
            }

            var json = SetJson(detail.Summary, await AliasesAsync(cancellationToken));
            json["descriptionText"] = detail.DescriptionText;
            json["files"] = detail.Files.Select(f => new { name = f.Name, size = f.Size, uploadedAt = f.UploadedAt, microphone = f.Microphone, crc32 = f.Crc32 });
            json["archive"] = detail.Archive is { } archive ? new { size = archive.Size, lastModified = archive.LastModified } : null;
            return ApiResults.Json(json);
        }, cancellationToken);

    [Function("TagRecordingSet")]
    public Task<IActionResult> TagRecordingSet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", "delete", Route = "manage/api/recordings/{uuid}/tags/{tag}")] HttpRequest request,
        string uuid,
        string tag,
        CancellationToken cancellationToken) =>
        ForSetAsync(request, uuid, async (context, setId) =>
        {
            var settings = await config.GetAsync(cancellationToken);
            if (!settings.SetTags.Contains(tag, StringComparer.Ordinal))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, $"not one of the study's tags: {string.Join(", ", settings.SetTags)}");
            }

            var adding = HttpMethods.IsPut(request.Method);
            IReadOnlyList<string> tags = [];
            if (!await index.AmendAsync(setId, row =>
            {
                var current = SetStatisticsRow.ReadTags(row);
                var changed = SetStatisticsRow.WriteTags(row, adding ? current.Append(tag) : current.Where(t => t != tag));
                tags = SetStatisticsRow.ReadTags(row);
                return changed;
            }, cancellationToken))
            {
                return NoSuchSet();
            }

            await context.AuditAsync(adding ? "set tagged" : "set untagged", $"{setId}: {tag}");
            return ApiResults.Json(new { set = setId, tags });
        }, cancellationToken);

    [Function("DownloadRecordingFile")]
    public Task<IActionResult> DownloadRecordingFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/recordings/{uuid}/files/{name}")] HttpRequest request,
        string uuid,
        string name,
        CancellationToken cancellationToken) =>
        ForSetAsync(request, uuid, async (context, setId) =>
        {
            var settings = await config.GetAsync(cancellationToken);
            if (await sets.FindFileAsync(setId, name, settings.HideMicFiles, cancellationToken) is not { } file)
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, "the set has no such file");
            }

            await context.AuditAsync("file downloaded", $"{setId}/{file.Name}");
            return await downloads.AnswerAsync(request, file.Blob, file.Size, file.Name, RecordingStore.ContentTypeOf(file.Name), cancellationToken);
        }, cancellationToken);

    [Function("DeleteRecordingFile")]
    public Task<IActionResult> DeleteRecordingFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/api/recordings/{uuid}/files/{name}")] HttpRequest request,
        string uuid,
        string name,
        CancellationToken cancellationToken) =>
        ForSetAsync(request, uuid, async (context, setId) =>
        {
            if (name == SetContents.DescriptionFileName || !await sets.DeleteFileAsync(setId, name, cancellationToken))
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, "the set has no such file");
            }

            await context.AuditAsync("file deleted", $"{setId}/{name}");
            return ApiResults.Json(new { status = "deleted", set = setId, name });
        }, cancellationToken);

    [Function("DeleteRecordingSet")]
    public Task<IActionResult> DeleteRecordingSet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/api/recordings/{uuid}")] HttpRequest request,
        string uuid,
        CancellationToken cancellationToken) =>
        ForSetAsync(request, uuid, async (context, setId) =>
        {
            if (!await sets.DeleteSetAsync(setId, cancellationToken))
            {
                return NoSuchSet();
            }

            await context.AuditAsync("set deleted", setId.ToString());
            return ApiResults.Json(new { status = "deleted", set = setId });
        }, cancellationToken);

    [Function("SaveRecordingSetDescription")]
    public Task<IActionResult> SaveRecordingSetDescription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/api/recordings/{uuid}/description")] HttpRequest request,
        string uuid,
        CancellationToken cancellationToken) =>
        ForSetAsync(request, uuid, async (context, setId) =>
        {
            var body = await JsonBody.ReadAsync<DescriptionBody>(request, cancellationToken);
            if (body?.Description is not { } description)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "send {\"description\": \"...\"}");
            }

            if (description.Length > RecordingSets.MaxDescriptionLength)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, $"a description is at most {RecordingSets.MaxDescriptionLength} characters");
            }

            if (await queries.GetAsync(setId, cancellationToken) is null)
            {
                return NoSuchSet();
            }

            await sets.SaveDescriptionAsync(setId, description, cancellationToken);
            await context.AuditAsync("description changed", setId.ToString());
            return ApiResults.Json(new { status = "saved", set = setId });
        }, cancellationToken);

    [Function("DownloadSetArchive")]
    public Task<IActionResult> DownloadSetArchive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/recordings/{uuid}/zip")] HttpRequest request,
        string uuid,
        CancellationToken cancellationToken) =>
        ForSetAsync(request, uuid, async (context, setId) =>
        {
            var archive = containers.Archives.GetBlobClient($"{setId}.zip");
            long size;
            try
            {
                size = (await archive.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, "this set has no archive (yet): it has no files, or its first file arrived moments ago");
            }

            await context.AuditAsync("zip downloaded", setId.ToString());
            return await downloads.AnswerAsync(request, archive, size, $"{setId}.zip", "application/zip", cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// A set as the list shows it, its participant named by <paramref name="aliases"/> (participant id to alias); the
    /// detail adds its description, files and archive to the same object.
    /// </summary>
    internal static Dictionary<string, object?> SetJson(RecordingSetSummary set, IReadOnlyDictionary<string, string> aliases) => new()
    {
        ["id"] = set.Id,
        ["issuedAt"] = set.IssuedAt,
        ["device"] = set.Device,
        ["fileCount"] = set.FileCount,
        ["totalBytes"] = set.TotalBytes,
        ["firstUpload"] = set.FirstUpload,
        ["lastUpload"] = set.LastUpload,
        ["description"] = set.Description,
        ["quality"] = set.Quality.Select(q => new
        {
            fileName = q.FileName,
            sensor = q.Sensor,
            samples = q.Samples,
            durationSeconds = q.DurationSeconds,
            meanRateHz = q.MeanRateHz,
            longestGapSeconds = q.LongestGapSeconds,
        }),
        ["flags"] = set.Flags,
        ["deviceMarks"] = set.DeviceMarks.Select(m => m.Text),
        ["androidId"] = set.Assignment.AndroidId,
        ["recordedAt"] = set.Assignment.RecordedAt,
        ["participant"] = set.Assignment.ParticipantId is { } participantId
            ? new { id = participantId, alias = aliases.GetValueOrDefault(participantId), byHand = set.Assignment.ByHand }
            : null,
        ["assignedByHand"] = set.Assignment.ByHand,
        ["statistics"] = set.Statistics is { } statistics ? StatisticsJson(statistics) : null,
        ["tags"] = set.Tags,
    };

    internal static object StatisticsJson(SetStatistics statistics) => new
    {
        totals = FiguresJson(statistics.Totals),
        days = statistics.Days.Select(d => new { date = d.Date, figures = FiguresJson(d.Figures) }),
        sensorSamples = statistics.SensorSamples,
        appVersion = statistics.AppVersion,
        model = statistics.Model,
        start = statistics.Start,
        end = statistics.End,
    };

    internal static object FiguresJson(StatisticsFigures figures) => new
    {
        hoursRecorded = Math.Round(figures.RecordedSeconds / 3600, 3),
        handWashesMarked = figures.HandWashesMarked,
        handWashesDetected = figures.HandWashesDetected,
        answeredYes = figures.AnsweredYes,
        answeredNo = figures.AnsweredNo,
        compulsive = figures.Compulsive,
        meanTense = figures.MeanTense,
        meanUrge = figures.MeanUrge,
    };

    private async Task<Dictionary<string, string>> AliasesAsync(CancellationToken cancellationToken) =>
        (await participants.ListAsync(cancellationToken)).ToDictionary(p => p.Id, p => p.Alias);

    /// <summary>Runs <paramref name="action"/> for a signed-in admin with the set's normalised id; 400 when it is not a uuid.</summary>
    private Task<IActionResult> ForSetAsync(HttpRequest request, string uuid, Func<AdminContext, SetId, Task<IActionResult>> action, CancellationToken cancellationToken) =>
        admin.RunAsync(request, context => SetId.TryParse(uuid, out var setId) ? action(context, setId) : Task.FromResult<IActionResult>(NotASet()), cancellationToken);

    private static JsonResult NotASet() => ApiResults.Error(StatusCodes.Status400BadRequest, "not a set uuid");

    private static JsonResult NoSuchSet() => ApiResults.Error(StatusCodes.Status404NotFound, "no such set");

    private sealed record DescriptionBody(string? Description);
}
