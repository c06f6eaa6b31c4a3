using System.Security.Cryptography;

namespace RecordingFunctions.Tests.RealHost;

/// <summary>The watch protocol through the real Azure Functions host, as 2021 and 2022+ watches speak it.</summary>
[Collection(SharedRealHost.Name)]
public sealed class RealHostWatchFlowTests(RealHostFixture host)
{
    private FunctionsHostApp App => host.App;

    [Fact]
    public async Task An_early_2021_watch_pairs_on_auth_request_and_its_set_is_zipped_by_the_polling_trigger()
    {
        var watch = SimulatedWatch.Of2021(App);
        var identifier = "SM-R860-" + Guid.NewGuid().ToString("N")[..6];

        Assert.Equal("new", (await watch.RequestTokenAsync(identifier, "auth/request/")).GetProperty("status").GetString());
        Assert.Equal("pending", (await watch.RequestTokenAsync(identifier, "auth/request")).GetProperty("status").GetString());
        await App.GrantAsync(identifier);
        Assert.Equal("grant", (await watch.RequestTokenAsync(identifier, "auth/request/")).GetProperty("status").GetString());

        var setId = await watch.NewSetAsync();
        var files = new Dictionary<string, byte[]>
        {
            ["sensor_recording_android_0.mkv"] = RandomNumberGenerator.GetBytes(300_000),
            ["sensor_recording_battery_0.csv"] = "t\tlevel\n1\t99\n"u8.ToArray(),
            ["android_sensor_accelerometer_0.zip"] = RandomNumberGenerator.GetBytes(120_000),
        };
        foreach (var (name, content) in files)
        {
            using var response = await watch.UploadAsync(setId, name, content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"success, uploaded {name}", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        var zip = await App.SettledArchiveAsync(setId, files.Keys);
        Assert.All(files, file => Assert.Equal(file.Value, zip[file.Key]));
    }

    [Fact]
    public async Task A_2022_watch_with_a_server_name_without_trailing_slash_pairs_uploads_twice_and_keeps_one_copy()
    {
        var watch = SimulatedWatch.Of2021(App);
        var androidId = Guid.NewGuid().ToString("N")[..12];

        // Form-encoded "<device model>[<android_id>]", as builds since October 2021 send it.
        await watch.RequestTokenAsync($"SM-R870+%5B{androidId}%5D");
        await App.GrantAsync($"SM-R870 [{androidId}]");
        Assert.Equal("grant", (await watch.RequestTokenAsync($"SM-R870+%5B{androidId}%5D")).GetProperty("status").GetString());

        var setId = await watch.NewSetAsync();
        var stamp = "2022-05-01T10:00+0000";
        var sent = new Dictionary<string, byte[]>
        {
            [$"hand_wash_time_stamps_0_{stamp}_{androidId}.csv"] = "1650000000000000000\n"u8.ToArray(),
            [$"metaInfo_0_{stamp}_{androidId}.json"] = Encoding.UTF8.GetBytes($$"""{"android_id":"{{androidId}}"}"""),
            [$"android_sensor_gyroscope_0_{stamp}_{androidId}.zip"] = RandomNumberGenerator.GetBytes(70_000),
        };
        foreach (var (name, content) in sent)
        {
            // A retried upload run re-sends what may already have arrived: no duplicates.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                using var response = await watch.UploadAsync(setId, name, content);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        var stored = sent.ToDictionary(f => f.Key.Replace(':', '_'), f => f.Value);
        var zip = await App.SettledArchiveAsync(setId, stored.Keys);
        Assert.All(stored, file => Assert.Equal(file.Value, zip[file.Key]));
    }

    /// <summary>Under the real host every caller's address is the one the host writes into X-Forwarded-For.</summary>
    [Fact]
    public Task Thirty_watches_pairing_at_once_behind_one_clinic_address_are_all_recorded_granted_and_paired() =>
        ClinicPairing.AssertAllPairAtOnceAsync(App);

    /// <summary>
    /// What a watch whose server name ends in '/' sends. The host's router answers before the app can (an empty first
    /// segment matches no route, catch-alls included), so only the server name without the slash works here; the
    /// development host serves these paths (WatchFlowTests).
    /// </summary>
    [Theory]
    [InlineData("//tokenauth/request/?identifier=x")]
    [InlineData("//recording/new/")]
    [InlineData("//tfmodel/check/latest/")]
    public async Task A_path_starting_with_a_doubled_slash_is_answered_404_by_the_real_host_itself(string path)
    {
        using var response = await App.Http.GetAsync(new Uri(App.BaseAddress.GetLeftPart(UriPartial.Authority) + path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>OkHttp would turn a redirected upload into a GET answered 200 (protocol, "Redirects").</summary>
    [Fact]
    public async Task No_watch_path_is_redirected_by_the_real_host_by_get_or_post_with_or_without_slashes()
    {
        Assert.Empty(await WatchPathSweep.RedirectedAsync(App));
    }

    [Fact]
    public async Task An_inner_doubled_slash_still_reaches_the_app()
    {
        using var response = await App.Http.GetAsync(new Uri(App.BaseAddress, "tokenauth//request/?identifier="));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("error", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }
}
