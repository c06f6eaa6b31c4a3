using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RecordingFunctions.Http;
using RecordingFunctions.Sensors;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Manage;

/// <summary>The motion-sensor chart of a set, downsampled on the server so the page draws any recording length.</summary>
public sealed class SensorFunctions(AdminRequest admin, SensorPreviewReader previews)
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
        admin.RunAsync(request, async _ =>
        {
            if (!SetId.TryParse(uuid, out var setId))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "not a set uuid");
            }

            if (!TryReadBound(request, "from", out var from) || !TryReadBound(request, "to", out var to))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "from and to must be time stamps in nanoseconds (whole, not negative)");
            }

            if (from > to)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "from must not be after to");
            }

            var points = SensorPreviewReader.DefaultPoints;
            if (request.Query.TryGetValue("points", out var pointsText)
                && !int.TryParse(pointsText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out points))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "points must be a whole number");
            }

            var preview = await previews.ReadAsync(setId, from, to, points, cancellationToken);
            return preview is null
                ? ApiResults.Error(StatusCodes.Status404NotFound, "this set has no files")
                : ApiResults.Json(preview);
        }, cancellationToken);

    private static bool TryReadBound(HttpRequest request, string name, out long? bound)
    {
        bound = null;
        if (!request.Query.TryGetValue(name, out var text) || string.IsNullOrEmpty(text.ToString()))
        {
            return true;
        }

        if (!long.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        bound = value;
        return true;
    }
}
