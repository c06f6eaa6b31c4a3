namespace RecordingFunctions.Manage;

/// <summary>The motion-sensor chart of a set, downsampled on the server so the page draws any recording length.</summary>
[AdminOnly]
public sealed class SensorFunctions(SensorPreviewReader previews)
{
    /// <summary>
    /// <c>GET manage/api/recordings/{uuid}/preview?from=&amp;to=&amp;points=</c>: every motion-sensor zip of the set over one
    /// window [from, to] (nanoseconds, each optional: the set's first and last sensor time stamps), at most
    /// <c>points</c> buckets per file (default 2000, clamped to [100, 5000]) with the min and max of each axis.
    /// Answers 400 for a uuid or bound that does not parse, a negative bound or from &gt; to; 404 when the set holds no
    /// files at all (an unknown set looks the same); 200 with an empty <c>sensors</c> list when it holds files but no
    /// motion-sensor zip.
    /// </summary>
    [Function("PreviewSetSensors")]
    public Task<IActionResult> PreviewSetSensors(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/recordings/{uuid}/preview")] HttpRequest request,
        string uuid,
        CancellationToken cancellationToken) =>
        RecordingManagementFunctions.ForSetAsync(uuid, async setId =>
        {
            const string bounds = "from and to must be time stamps in nanoseconds (whole, not negative)";
            var query = new QueryParameters(request.Query);
            var from = query.WholeNumber("from", bounds);
            var to = query.WholeNumber("to", bounds);
            var points = query.WholeNumber("points", SensorPreviewReader.DefaultPoints);
            if (query.Problem is { } problem)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, problem);
            }

            if (from > to)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "from must not be after to");
            }

            var preview = await previews.ReadAsync(setId, from, to, points, cancellationToken);
            return preview is null
                ? ApiResults.Error(StatusCodes.Status404NotFound, "this set has no files")
                : ApiResults.Json(preview);
        });
}
