namespace RecordingFunctions.Manage;

/// <summary>Recording sets as the admin sees them: the list, one set, its files, description and zip.</summary>
[AdminOnly]
public sealed class RecordingManagementFunctions(SetIndex index, SetQueries queries, RecordingSets sets, ConfigStore config, BlobDownloads downloads, ParticipantStore participants)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    [Function("ListRecordingSets")]
    public async Task<IActionResult> ListRecordingSets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/recordings")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var query = new QueryParameters(request.Query);
        var pageSize = query.WholeNumber("pageSize", DefaultPageSize, 1, MaxPageSize);
        if (query.Problem is { } problem)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, problem);
        }

        var (page, continuation) = await queries.ListAsync(pageSize, query.Text("continuation"), query.Text("search"), cancellationToken);
        var aliases = await AliasesAsync(cancellationToken);
        return ApiResults.Json(new { sets = page.Select(set => SetJson.Of(set, aliases)), continuation });
    }

    [Function("GetRecordingSet")]
    public Task<IActionResult> GetRecordingSet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/recordings/{uuid}")] HttpRequest request,
        string uuid,
        CancellationToken cancellationToken) =>
        ForSetAsync(uuid, async setId =>
        {
            var settings = await config.GetAsync(cancellationToken);
            if (await sets.GetAsync(setId, settings.HideMicFiles, cancellationToken) is not { } detail)
            {
                return NoSuchSet();
            }

            return ApiResults.Json(new SetDetailJson(detail, await AliasesAsync(cancellationToken)));
        });

    [Function("TagRecordingSet")]
    public Task<IActionResult> TagRecordingSet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", "delete", Route = "manage/api/recordings/{uuid}/tags/{tag}")] HttpRequest request,
        string uuid,
        string tag,
        CancellationToken cancellationToken) =>
        ForSetAsync(uuid, async setId =>
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

            await SignedInAdmin.Of(request).AuditAsync(adding ? "set tagged" : "set untagged", $"{setId}: {tag}");
            return ApiResults.Json(new { set = setId, tags });
        });

    [Function("DownloadRecordingFile")]
    public Task<IActionResult> DownloadRecordingFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/recordings/{uuid}/files/{name}")] HttpRequest request,
        string uuid,
        string name,
        CancellationToken cancellationToken) =>
        ForSetAsync(uuid, async setId =>
        {
            var settings = await config.GetAsync(cancellationToken);
            if (await sets.FindFileAsync(setId, name, settings.HideMicFiles, cancellationToken) is not { } file)
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, "the set has no such file");
            }

            await SignedInAdmin.Of(request).AuditAsync("file downloaded", $"{setId}/{file.Name}");
            return await downloads.AnswerAsync(request.HttpContext.Response, file.Blob, file.Size, file.Name, RecordingStore.ContentTypeOf(file.Name), cancellationToken);
        });

    [Function("DeleteRecordingFile")]
    public Task<IActionResult> DeleteRecordingFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/api/recordings/{uuid}/files/{name}")] HttpRequest request,
        string uuid,
        string name,
        CancellationToken cancellationToken) =>
        ForSetAsync(uuid, async setId =>
        {
            if (name == SetContents.DescriptionFileName || !await sets.DeleteFileAsync(setId, name, cancellationToken))
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, "the set has no such file");
            }

            await SignedInAdmin.Of(request).AuditAsync("file deleted", $"{setId}/{name}");
            return ApiResults.Json(new { status = "deleted", set = setId, name });
        });

    [Function("DeleteRecordingSet")]
    public Task<IActionResult> DeleteRecordingSet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/api/recordings/{uuid}")] HttpRequest request,
        string uuid,
        CancellationToken cancellationToken) =>
        ForSetAsync(uuid, async setId =>
        {
            if (!await sets.DeleteSetAsync(setId, cancellationToken))
            {
                return NoSuchSet();
            }

            await SignedInAdmin.Of(request).AuditAsync("set deleted", setId.ToString());
            return ApiResults.Json(new { status = "deleted", set = setId });
        });

    [Function("SaveRecordingSetDescription")]
    public Task<IActionResult> SaveRecordingSetDescription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/api/recordings/{uuid}/description")] HttpRequest request,
        string uuid,
        CancellationToken cancellationToken) =>
        ForSetAsync(uuid, async setId =>
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
            await SignedInAdmin.Of(request).AuditAsync("description changed", setId.ToString());
            return ApiResults.Json(new { status = "saved", set = setId });
        });

    [Function("DownloadSetArchive")]
    public Task<IActionResult> DownloadSetArchive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/recordings/{uuid}/zip")] HttpRequest request,
        string uuid,
        CancellationToken cancellationToken) =>
        ForSetAsync(uuid, async setId =>
        {
            if (await sets.FindArchiveAsync(setId, cancellationToken) is not var (archive, info))
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, "this set has no archive (yet): it has no files, or its first file arrived moments ago");
            }

            await SignedInAdmin.Of(request).AuditAsync("zip downloaded", setId.ToString());
            return await downloads.AnswerAsync(request.HttpContext.Response, archive, info.Size, setId.ArchiveName, "application/zip", cancellationToken);
        });

    private async Task<Dictionary<string, string>> AliasesAsync(CancellationToken cancellationToken) =>
        (await participants.ListAsync(cancellationToken)).ToDictionary(p => p.Id, p => p.Alias);

    /// <summary>Runs <paramref name="action"/> with the set's id; 400 when it is not a uuid.</summary>
    internal static Task<IActionResult> ForSetAsync(string uuid, Func<SetId, Task<IActionResult>> action) =>
        SetId.TryParse(uuid, out var setId) ? action(setId) : Task.FromResult<IActionResult>(NotASet());

    private static JsonResult NotASet() => ApiResults.Error(StatusCodes.Status400BadRequest, "not a set uuid");

    private static JsonResult NoSuchSet() => ApiResults.Error(StatusCodes.Status404NotFound, "no such set");

    private sealed record DescriptionBody(string? Description);
}
