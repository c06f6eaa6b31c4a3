using RecordingFunctions.DevHost;
using RecordingFunctions.Security;

namespace RecordingFunctions.Tests.Watch;

/// <summary>
/// Pairing, protocol section 1, and the limits on pending requests. Tests that neither list the pending requests nor
/// change the limits or the clock share one app; the others have an app of their own.
/// </summary>
public sealed class PairingTests(SharedTestApp shared) : IClassFixture<SharedTestApp>
{
    private TestApp App => shared.App;

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
        foreach (var path in new[] { "tokenauth/request/", "tokenauth/request/?identifier=", "auth/request/?identifier=%20" })
        {
            using var response = await App.Http.GetAsync(path);
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
        var watch = SimulatedWatch.Of2022(App);
        await watch.RequestTokenAsync("racing-watch");
        await App.GrantAsync("racing-watch");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SimulatedWatch.Of2022(App).RequestTokenAsync("racing-watch")));

        Assert.Single(answers, a => a.GetProperty("status").GetString() == "grant");
        var devices = await App.GetJsonAsync("manage/api/devices");
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

    [Fact]
    public async Task A_revoked_device_stays_listed_as_revoked_its_refused_attempts_seen_until_it_is_removed()
    {
        var clock = new ManualClock();
        await using var app = await TestApp.StartAsync(clock: clock);
        var watch = await app.PairedWatchAsync("lost-watch");
        var id = (await app.GetJsonAsync("manage/api/devices")).EnumerateArray().Single().GetProperty("id").GetString();

        clock.Advance(TimeSpan.FromMinutes(5));
        using (var revoke = await app.Admin.DeleteAsync($"manage/api/devices/{id}"))
        {
            Assert.Equal("revoked", (await revoke.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        var revoked = (await app.GetJsonAsync("manage/api/devices")).EnumerateArray().Single();
        Assert.Equal(ManualClock.StudyStart.AddMinutes(5), revoked.GetProperty("revokedAt").GetDateTimeOffset());

        // The watch keeps its token and keeps trying: refused, but seen, so the study team can tell it still has to press "Delete token".
        clock.Advance(TimeSpan.FromMinutes(5));
        using (var request = new HttpRequestMessage(HttpMethod.Get, "recording/new/"))
        {
            request.Headers.Authorization = new("Bearer", watch.Token);
            using var refused = await app.Http.SendAsync(request);
            await refused.AssertJsonErrorAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Equal(ManualClock.StudyStart.AddMinutes(10), (await app.GetJsonAsync("manage/api/devices")).EnumerateArray().Single().GetProperty("lastSeen").GetDateTimeOffset());
        var audit = await app.GetJsonAsync("manage/api/audit?search=lost-watch");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "revoke");

        using (var remove = await app.Admin.DeleteAsync($"manage/api/devices/{id}"))
        {
            Assert.Equal("removed", (await remove.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        Assert.Empty((await app.GetJsonAsync("manage/api/devices")).EnumerateArray());
        using var again = await app.Admin.DeleteAsync($"manage/api/devices/{id}");
        await again.AssertJsonErrorAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "manage/api/pairing/requests/0123456789abcdef0123456789abcdef/grant")]
    [InlineData("POST", "manage/api/pairing/requests/0123456789abcdef0123456789abcdef/deny")]
    [InlineData("DELETE", "manage/api/devices/no-such-device")]
    public async Task Granting_denying_or_revoking_what_does_not_exist_is_a_json_404(string method, string path)
    {
        using var response = await App.Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

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
    public async Task A_flood_of_new_identifiers_is_held_at_the_cap_the_oldest_lapsing_first()
    {
        var clock = new ManualClock();
        await using var app = await ProxiedAppAsync(clock);
        await LimitPairingAsync(app, maxPending: 20, perSource: 10);

        // 60 identifiers from 12 addresses, 5 each, one second apart: every one is recorded, each past the 20th
        // making room by lapsing the oldest waiting request.
        var flood = Enumerable.Range(0, 60).Select(i => (Identifier: $"flood-{i:D2}", Source: $"198.51.100.{i % 12 + 1}")).ToList();
        foreach (var (identifier, source) in flood)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal("new", Status(await RequestFromAsync(app, identifier, source)));
        }

        Assert.Equal(flood[^20..].Select(f => f.Identifier).Order(), await PendingIdentifiersAsync(app));

        // The newest keep their answers; the oldest has lapsed and starts over (lapsing the oldest left in turn).
        Assert.Equal("pending", Status(await RequestFromAsync(app, flood[^1].Identifier, flood[^1].Source)));
        Assert.Equal("new", Status(await RequestFromAsync(app, flood[0].Identifier, flood[0].Source)));
        var pending = await PendingIdentifiersAsync(app);
        Assert.Equal(20, pending.Count);
        Assert.Contains(flood[0].Identifier, pending);
        Assert.DoesNotContain(flood[^20].Identifier, pending);
    }

    [Fact]
    public async Task A_granted_request_never_lapses_to_make_room_and_its_watch_still_gets_its_token()
    {
        var clock = new ManualClock();
        await using var app = await ProxiedAppAsync(clock);
        await LimitPairingAsync(app, maxPending: 3, perSource: 3);
        foreach (var identifier in new[] { "granted-watch", "waiting-1", "waiting-2" })
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await RequestFromAsync(app, identifier, "192.0.2.10");
        }

        await app.GrantAsync("granted-watch");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("new", Status(await RequestFromAsync(app, "newcomer", "192.0.2.20")));

        Assert.Equal(["granted-watch", "newcomer", "waiting-2"], await PendingIdentifiersAsync(app));
        Assert.Equal("grant", Status(await RequestFromAsync(app, "granted-watch", "192.0.2.10")));
    }

    [Fact]
    public async Task A_new_identifier_from_an_address_at_its_limit_is_told_to_retry_later_and_nothing_else_changes()
    {
        await using var app = await ProxiedAppAsync(new ManualClock());
        await LimitPairingAsync(app, maxPending: 100, perSource: 5);
        var mine = Enumerable.Range(0, 5).Select(i => $"mine-{i}").ToList();
        foreach (var identifier in mine)
        {
            Assert.Equal("new", Status(await RequestFromAsync(app, identifier, "203.0.113.9")));
        }

        var refused = await RequestFromAsync(app, "one-too-many", "203.0.113.9");

        // What the watch shows and retries on: a status other than "grant", with a message (device-protocol.md, section 1).
        Assert.Equal("error", Status(refused));
        Assert.Contains("try again later", refused.GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Equal(mine.Order(), await PendingIdentifiersAsync(app));
        Assert.Equal("pending", Status(await RequestFromAsync(app, mine[0], "203.0.113.9")));

        // Another address is not held back, and neither are this address's own waiting watches once one is paired.
        Assert.Equal("new", Status(await RequestFromAsync(app, "elsewhere", "203.0.113.10")));
        await app.GrantAsync(mine[1]);
        Assert.Equal("grant", Status(await RequestFromAsync(app, mine[1], "203.0.113.9")));
        Assert.Equal("new", Status(await RequestFromAsync(app, "one-too-many", "203.0.113.9")));
    }

    [Fact]
    public async Task Addresses_of_one_IPv6_network_share_one_limit()
    {
        await using var app = await ProxiedAppAsync(new ManualClock());
        await LimitPairingAsync(app, maxPending: 100, perSource: 2);
        Assert.Equal("new", Status(await RequestFromAsync(app, "v6-a", "2001:db8:1:2::a")));
        Assert.Equal("new", Status(await RequestFromAsync(app, "v6-b", "2001:db8:1:2:ffff::b")));

        Assert.Equal("error", Status(await RequestFromAsync(app, "v6-c", "2001:db8:1:2::c")));
        Assert.Equal("new", Status(await RequestFromAsync(app, "v6-d", "2001:db8:1:3::d")));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::", "2001:db8:1:2::/64")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("unknown", "unknown")]
    public void Requests_are_counted_per_IPv4_address_and_per_IPv6_network(string source, string network) =>
        Assert.Equal(network, SourceNetwork.Of(source));

    [Fact]
    public async Task Thirty_watches_pairing_at_once_behind_one_clinic_address_are_all_recorded_granted_and_paired()
    {
        await using var app = await TestApp.StartAsync();

        await ClinicPairing.AssertAllPairAtOnceAsync(app);
    }

    [Fact]
    public async Task A_concurrent_flood_from_many_addresses_never_holds_more_than_the_cap()
    {
        await using var app = await ProxiedAppAsync(TimeProvider.System);
        await LimitPairingAsync(app, maxPending: 15, perSource: 15);

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => RequestFromAsync(app, $"storm-{i:D2}", $"198.51.100.{i + 1}")));

        Assert.All(answers, answer => Assert.Contains(Status(answer), new[] { "new", "error" }));
        Assert.Contains(answers, answer => Status(answer) == "new");
        Assert.Equal(15, (await PendingIdentifiersAsync(app)).Count);
    }

    [Fact]
    public async Task The_pending_list_is_searchable_by_identifier_and_source()
    {
        await using var app = await ProxiedAppAsync(new ManualClock());
        await RequestFromAsync(app, "SM-R860 [ward-3]", "192.0.2.33");
        await RequestFromAsync(app, "SM-R870", "198.51.100.70");

        Assert.Equal(["SM-R860 [ward-3]"], await PendingIdentifiersAsync(app, "WARD-3"));
        Assert.Equal(["SM-R870"], await PendingIdentifiersAsync(app, "198.51.100"));
        Assert.Equal(["SM-R860 [ward-3]", "SM-R870"], await PendingIdentifiersAsync(app, "SM-R8"));
        Assert.Empty(await PendingIdentifiersAsync(app, "nobody"));
    }

    /// <summary>An app that takes the caller's address from X-Forwarded-For (its loopback peer is a trusted proxy), so a test can send from many addresses.</summary>
    private static Task<TestApp> ProxiedAppAsync(TimeProvider clock) =>
        TestApp.StartAsync(new Dictionary<string, string?> { [CallerAddress.TrustedProxiesSetting] = "127.0.0.1" }, clock: clock);

    private static async Task LimitPairingAsync(TestApp app, int maxPending, int perSource)
    {
        using var changed = await app.Admin.PutAsJsonAsync("manage/api/settings", new { maxPendingPairingRequests = maxPending, maxPendingPairingRequestsPerSource = perSource });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }

    private static Task<JsonElement> RequestFromAsync(TestApp app, string identifier, string source) =>
        SimulatedWatch.Of2021(app).RequestTokenAsync(Uri.EscapeDataString(identifier), forwardedFor: source);

    private static async Task<List<string>> PendingIdentifiersAsync(TestApp app, string? search = null) =>
        [.. (await app.GetJsonAsync(search is null ? "manage/api/pairing/requests" : $"manage/api/pairing/requests?search={Uri.EscapeDataString(search)}"))
            .EnumerateArray().Select(r => r.GetProperty("identifier").GetString()!).Order(StringComparer.Ordinal)];

    private static string? Status(JsonElement answer) => answer.GetProperty("status").GetString();

    [Fact]
    public async Task A_set_uuid_is_handed_out_only_for_a_valid_token()
    {
        foreach (var authorization in new[] { null, "Bearer not-a-token", "Basic " + Convert.ToBase64String("a:b"u8.ToArray()) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "recording/new/");
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await App.Http.SendAsync(request);
            await response.AssertJsonErrorAsync(HttpStatusCode.Unauthorized);
        }
    }
}
