using RecordingFunctions.Manage;

namespace RecordingFunctions.Tests.Manage;

/// <summary>
/// <c>GET manage/api/connection</c>: the server name the page shows for entering on a watch. The tests of the default
/// settings share one app; each setting under test has an app of its own.
/// </summary>
public sealed class ConnectionTests(SharedTestApp shared) : IClassFixture<SharedTestApp>
{
    private TestApp App => shared.App;

    [Fact]
    public async Task A_local_run_names_its_own_origin_as_not_https_and_a_watch_given_that_name_pairs()
    {
        var connection = await App.GetJsonAsync("manage/api/connection");

        var serverName = connection.GetProperty("serverName").GetString()!;
        Assert.Equal(App.BaseAddress.GetLeftPart(UriPartial.Authority), serverName);
        Assert.Equal(ServerName.FromRequest, connection.GetProperty("source").GetString());
        Assert.False(connection.GetProperty("https").GetBoolean());
        Assert.Equal(JsonValueKind.Null, connection.GetProperty("settingProblem").ValueKind);
        Assert.Equal("new", (await new SimulatedWatch(App, serverName).RequestTokenAsync("SM-R870")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_public_base_url_setting_is_the_server_name_without_its_trailing_slash()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            [WatchServerName.PublicBaseUrlSetting] = "https://handwash.example.org/",
        });

        var connection = await app.GetJsonAsync("manage/api/connection");

        Assert.Equal("https://handwash.example.org", connection.GetProperty("serverName").GetString());
        Assert.Equal(ServerName.FromSetting, connection.GetProperty("source").GetString());
        Assert.True(connection.GetProperty("https").GetBoolean());
    }

    [Fact]
    public async Task A_route_prefix_is_part_of_the_server_name_and_a_watch_given_that_name_pairs()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { [HostRoutePrefix.OverrideSetting] = "handwash" });

        var connection = await app.GetJsonAsync("handwash/manage/api/connection");

        var serverName = connection.GetProperty("serverName").GetString()!;
        Assert.Equal(app.BaseAddress.GetLeftPart(UriPartial.Authority) + "/handwash", serverName);
        Assert.Equal("new", (await new SimulatedWatch(app, serverName).RequestTokenAsync("SM-R870")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_setting_that_is_no_url_is_reported_and_the_server_name_comes_from_the_request()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { [WatchServerName.PublicBaseUrlSetting] = "handwash.example.org" });

        var connection = await app.GetJsonAsync("manage/api/connection");

        Assert.Equal(app.BaseAddress.GetLeftPart(UriPartial.Authority), connection.GetProperty("serverName").GetString());
        Assert.Contains("Recordings__PublicBaseUrl", connection.GetProperty("settingProblem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_admin_is_told()
    {
        using var stranger = await App.Http.GetAsync("manage/api/connection");

        await stranger.AssertJsonErrorAsync(HttpStatusCode.Unauthorized);
        Assert.NotEmpty(stranger.Headers.WwwAuthenticate);
    }
}
