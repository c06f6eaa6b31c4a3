using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RecordingFunctions.Tests.Infrastructure;

namespace RecordingFunctions.Tests.Watch;

public sealed class PairingTests
{
    [Fact]
    public async Task A_request_is_created_then_pending_then_granted_once_with_its_own_token()
    {
        await using var app = await TestApp.StartAsync();
        var watch = SimulatedWatch.Of2021(app);

        Assert.Equal("new", (await watch.RequestTokenAsync("SM-R860")).GetProperty("status").GetString());
        var pending = await watch.RequestTokenAsync("SM-R860");
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Equal("waiting for confirmation", pending.GetProperty("msg").GetString());

        // Two clicks on Grant (or two admins at once) grant once.
        await app.GrantAsync("SM-R860");
        await app.GrantAsync("SM-R860");
        var grant = await watch.RequestTokenAsync("SM-R860");
        Assert.Equal("grant", grant.GetProperty("status").GetString());
        var token = grant.GetProperty("token").GetString()!;
        Assert.True(token.Length >= 40);

        // The grant was consumed: the same identifier only starts a new request.
        Assert.Equal("new", (await watch.RequestTokenAsync("SM-R860")).GetProperty("status").GetString());
        var settings = await app.Services.GetConfigAsync();
        Assert.NotEqual(settings.ClientSecret, token);
    }

    [Fact]
    public async Task A_missing_identifier_is_answered_as_the_Flask_server_did()
    {
        await using var app = await TestApp.StartAsync();
        foreach (var path in new[] { "tokenauth/request/", "tokenauth/request/?identifier=", "auth/request/?identifier=%20" })
        {
            using var response = await app.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("error", answer.GetProperty("status").GetString());
            Assert.Equal("no identifier", answer.GetProperty("msg").GetString());
        }
    }

    [Fact]
    public async Task Form_encoded_and_raw_identifiers_arrive_as_the_wearer_typed_them()
    {
        await using var app = await TestApp.StartAsync();
        await SimulatedWatch.Of2022(app).RequestTokenAsync("SM-R860+%5Bf00dfeed%5D");
        await SimulatedWatch.Of2021(app).RequestTokenAsync("SM-R870", path: "auth/request/");

        var requests = await app.GetJsonAsync("manage/api/pairing/requests");
        var identifiers = requests.EnumerateArray().Select(r => r.GetProperty("identifier").GetString()!).Order().ToArray();
        Assert.Equal(["SM-R860 [f00dfeed]", "SM-R870"], identifiers);
        var first = requests.EnumerateArray().First();
        Assert.Equal("127.0.0.1", first.GetProperty("source").GetString());
        Assert.True(first.TryGetProperty("requestedAt", out _));
    }

    [Fact]
    public async Task Twenty_concurrent_requests_for_one_granted_identifier_give_exactly_one_token()
    {
        await using var app = await TestApp.StartAsync();
        var watch = SimulatedWatch.Of2022(app);
        await watch.RequestTokenAsync("racing-watch");
        await app.GrantAsync("racing-watch");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SimulatedWatch.Of2022(app).RequestTokenAsync("racing-watch")));

        Assert.Single(answers, a => a.GetProperty("status").GetString() == "grant");
        var devices = await app.GetJsonAsync("manage/api/devices");
        Assert.Single(devices.EnumerateArray(), d => d.GetProperty("identifier").GetString() == "racing-watch");
    }

    [Fact]
    public async Task A_denied_request_gives_no_token()
    {
        await using var app = await TestApp.StartAsync();
        var watch = SimulatedWatch.Of2021(app);
        await watch.RequestTokenAsync("unknown-watch");
        var id = await app.PendingRequestIdAsync();

        using var deny = await app.Admin.PostAsync($"manage/api/pairing/requests/{id}/deny", null);
        Assert.Equal(HttpStatusCode.OK, deny.StatusCode);

        Assert.Equal("new", (await watch.RequestTokenAsync("unknown-watch")).GetProperty("status").GetString());
        Assert.Null(watch.Token);
    }

    [Fact]
    public async Task A_pending_request_expires_after_the_configured_lifetime()
    {
        var clock = new ManualClock();
        await using var app = await TestApp.StartAsync(clock: clock);
        var watch = SimulatedWatch.Of2021(app);
        await watch.RequestTokenAsync("forgotten-watch");
        var lifetime = (await app.Services.GetConfigAsync()).PairingRequestLifetime;

        clock.Advance(lifetime + TimeSpan.FromMinutes(1));

        Assert.Empty((await app.GetJsonAsync("manage/api/pairing/requests")).EnumerateArray());
        Assert.Equal("new", (await watch.RequestTokenAsync("forgotten-watch")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_paired_device_shows_when_it_was_last_seen_to_the_minute()
    {
        var clock = new ManualClock();
        var paired = ManualClock.StudyStart;
        await using var app = await TestApp.StartAsync(clock: clock);
        var watch = await app.PairedWatchAsync("ward-watch");
        Assert.Equal(paired, await LastSeenAsync(app));

        // Not written on every request: within a minute the time shown stays.
        clock.Advance(TimeSpan.FromSeconds(30));
        await watch.NewSetAsync();
        Assert.Equal(paired, await LastSeenAsync(app));

        clock.Advance(TimeSpan.FromMinutes(2));
        await watch.NewSetAsync();
        Assert.Equal(paired + TimeSpan.FromSeconds(150), await LastSeenAsync(app));
    }

    private static async Task<DateTimeOffset> LastSeenAsync(TestApp app) =>
        (await app.GetJsonAsync("manage/api/devices")).EnumerateArray().Single().GetProperty("lastSeen").GetDateTimeOffset();

    [Theory]
    [InlineData("POST", "manage/api/pairing/requests/0123456789abcdef0123456789abcdef/grant")]
    [InlineData("POST", "manage/api/pairing/requests/0123456789abcdef0123456789abcdef/deny")]
    [InlineData("DELETE", "manage/api/devices/no-such-device")]
    public async Task Granting_denying_or_revoking_what_does_not_exist_is_a_json_404(string method, string path)
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.AssertJsonErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_expired_request_can_no_longer_be_granted()
    {
        var clock = new ManualClock();
        await using var app = await TestApp.StartAsync(clock: clock);
        var watch = SimulatedWatch.Of2021(app);
        await watch.RequestTokenAsync("late-watch");
        var id = await app.PendingRequestIdAsync();

        clock.Advance((await app.Services.GetConfigAsync()).PairingRequestLifetime + TimeSpan.FromMinutes(1));
        using var grant = await app.Admin.PostAsync($"manage/api/pairing/requests/{id}/grant", null);

        Assert.Equal(HttpStatusCode.NotFound, grant.StatusCode);
        Assert.Equal("new", (await watch.RequestTokenAsync("late-watch")).GetProperty("status").GetString());
        Assert.Null(watch.Token);
    }

    [Fact]
    public async Task A_set_uuid_is_handed_out_only_for_a_valid_token()
    {
        await using var app = await TestApp.StartAsync();
        foreach (var authorization in new[] { null, "Bearer not-a-token", "Basic " + Convert.ToBase64String("a:b"u8.ToArray()) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "recording/new/");
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await app.Http.SendAsync(request);
            await response.AssertJsonErrorAsync(HttpStatusCode.Unauthorized);
        }
    }
}
