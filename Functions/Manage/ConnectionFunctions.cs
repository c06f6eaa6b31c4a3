namespace RecordingFunctions.Manage;

/// <summary>How watches connect: the server name the admin page shows for entering on a watch.</summary>
[AdminOnly]
public sealed class ConnectionFunctions(WatchServerName serverName)
{
    [Function("GetConnection")]
    public Task<IActionResult> GetConnection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/api/connection")] HttpRequest request)
    {
        var name = serverName.For(request.Scheme, request.Host.Value ?? "");
        return Task.FromResult<IActionResult>(ApiResults.Json(new
        {
            serverName = name.Value,
            source = name.Source,
            https = name.Https,
            settingProblem = name.SettingProblem,
        }));
    }
}
