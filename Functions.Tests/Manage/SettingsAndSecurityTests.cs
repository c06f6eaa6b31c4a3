using RecordingFunctions.DevHost;

namespace RecordingFunctions.Tests.Manage;

public sealed class SettingsAndSecurityTests
{
    [Fact]
    public async Task Settings_are_shown_without_the_password_and_changed_with_validation()
    {
        await using var app = await TestApp.StartAsync();
        var shown = await app.GetJsonAsync("manage/api/settings");
        Assert.Equal(TestApp.AdminUser, shown.GetProperty("user").GetString());
        Assert.Equal(200, shown.GetProperty("maxPendingPairingRequests").GetInt32());
        Assert.Equal(50, shown.GetProperty("maxPendingPairingRequestsPerSource").GetInt32());
        Assert.Equal(["no data", "test", "exclude"], shown.GetProperty("setTags").EnumerateArray().Select(t => t.GetString()!));
        Assert.Equal(["test", "exclude"], shown.GetProperty("excludingSetTags").EnumerateArray().Select(t => t.GetString()!));
        Assert.Equal(2, shown.GetProperty("silentDays").GetInt32());
        Assert.DoesNotContain("pbkdf2", shown.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(app.AdminPassword, shown.GetRawText(), StringComparison.Ordinal);

        using var changed = await app.Admin.PutAsJsonAsync("manage/api/settings", new { hideMicFiles = false, allowedEndings = new[] { "csv", ".ZIP" }, maxUploadBytes = 1048576, setTags = new[] { "no data", "pilot " }, silentDays = 5 });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var now = await app.GetJsonAsync("manage/api/settings");
        Assert.False(now.GetProperty("hideMicFiles").GetBoolean());
        Assert.Equal(["csv", "zip"], now.GetProperty("allowedEndings").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(["no data", "pilot"], now.GetProperty("setTags").EnumerateArray().Select(t => t.GetString()!));
        Assert.Equal(5, now.GetProperty("silentDays").GetInt32());

        foreach (var bad in new object[] { new { allowedEndings = Array.Empty<string>() }, new { maxUploadBytes = 10 }, new { user = "a:b" }, new { pairingRequestLifetimeMinutes = 0 },
                     new { maxPendingPairingRequests = 0 }, new { maxPendingPairingRequests = 1001 }, new { maxPendingPairingRequestsPerSource = 0 },
                     new { setTags = new[] { " " } }, new { excludingSetTags = new[] { new string('x', 41) } }, new { silentDays = 0 } })
        {
            using var refused = await app.Admin.PutAsJsonAsync("manage/api/settings", bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        Assert.Equal(now.GetRawText(), (await app.GetJsonAsync("manage/api/settings")).GetRawText());
    }

    [Fact]
    public async Task The_settings_audit_entry_names_only_the_keys_whose_value_changed()
    {
        await using var app = await TestApp.StartAsync();

        using var changed = await app.Admin.PutAsJsonAsync("manage/api/settings", new
        {
            user = TestApp.AdminUser, hideMicFiles = false, renameMicFiles = true, maxPendingPairingRequests = 120, silentDays = 2, setTags = new[] { "no data", "test", "exclude" },
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        using var unchanged = await app.Admin.PutAsJsonAsync("manage/api/settings", new { hideMicFiles = false, silentDays = 2 });
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);

        var audit = (await app.GetJsonAsync("manage/api/audit?search=settings changed")).EnumerateArray().ToList();
        var entry = Assert.Single(audit);
        Assert.Equal("hideMicFiles: true → false; maxPendingPairingRequests: 200 → 120", entry.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_then_only_the_new_one_works()
    {
        await using var app = await TestApp.StartAsync();
        foreach (var refused in new object[]
        {
            new { currentPassword = "guess", newPassword = "new-password-1" },
            new { currentPassword = app.AdminPassword },
            new { currentPassword = app.AdminPassword, newPassword = "short" },
        })
        {
            using var wrong = await app.Admin.PostAsJsonAsync("manage/api/settings/password", refused);
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using (var stillOld = await app.Admin.GetAsync("manage/api/devices"))
        {
            Assert.Equal(HttpStatusCode.OK, stillOld.StatusCode);
        }

        using var changed = await app.Admin.PostAsJsonAsync("manage/api/settings/password", new { currentPassword = app.AdminPassword, newPassword = "new-password-1" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        using var old = await app.Admin.GetAsync("manage/api/devices");
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        app.Admin.DefaultRequestHeaders.Authorization = TestApp.BasicAuth(TestApp.AdminUser, "new-password-1");
        using var fresh = await app.Admin.GetAsync("manage/api/devices");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task Regenerating_the_client_secret_stops_the_old_one_working_for_uploads()
    {
        await using var app = await TestApp.StartAsync();
        var watch = SimulatedWatch.Of2021(app);
        watch.Token = (await app.GetJsonAsync("manage/api/settings")).GetProperty("clientSecret").GetString();
        Assert.Matches("^[0-9a-f-]{36}$", await watch.NewSetAsync());

        using var regenerated = await app.Admin.PostAsync("manage/api/settings/client-secret", null);
        var secret = (await regenerated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientSecret").GetString();

        Assert.NotEqual(watch.Token, secret);
        using var refused = await watch.UploadAsync(Guid.NewGuid().ToString(), "battery_0.csv", "x"u8.ToArray());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Without_credentials_the_api_answers_401_with_a_basic_challenge()
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Http.GetAsync("manage/api/devices");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);

        foreach (var malformed in new[] { "Basic not-base64!", "Basic " + Convert.ToBase64String("no-colon"u8.ToArray()), "Bearer something" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "manage/api/devices");
            request.Headers.TryAddWithoutValidation("Authorization", malformed);
            using var refused = await app.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }

    [Fact]
    public async Task Changes_without_the_custom_header_or_from_another_origin_are_refused()
    {
        await using var app = await TestApp.StartAsync();
        await SimulatedWatch.Of2021(app).RequestTokenAsync("victim-watch");
        var id = await app.PendingRequestIdAsync();

        using var noHeader = new HttpRequestMessage(HttpMethod.Post, $"manage/api/pairing/requests/{id}/grant");
        noHeader.Headers.Authorization = TestApp.BasicAuth(TestApp.AdminUser, app.AdminPassword);
        using var crossOrigin = new HttpRequestMessage(HttpMethod.Post, $"manage/api/pairing/requests/{id}/grant");
        crossOrigin.Headers.Add("Origin", "https://evil.example");
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, $"manage/api/pairing/requests/{id}/grant");
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");

        Assert.Equal(HttpStatusCode.Forbidden, (await app.Http.SendAsync(noHeader)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Admin.SendAsync(crossOrigin)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Admin.SendAsync(crossSite)).StatusCode);
        Assert.False((await app.GetJsonAsync("manage/api/pairing/requests")).EnumerateArray().Single().GetProperty("granted").GetBoolean());
    }

    [Fact]
    public async Task Repeated_wrong_passwords_get_429_with_a_growing_cool_down_and_are_audited()
    {
        var clock = new ManualClock();
        await using var app = await TestApp.StartAsync(clock: clock);
        using var guesser = Guesser(app);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await guesser.GetAsync("manage/api/devices");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses.Take(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
        using (var locked = await app.Admin.GetAsync("manage/api/devices"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
            Assert.NotNull(locked.Headers.RetryAfter);
        }

        clock.Advance(TimeSpan.FromSeconds(2));
        using (var sixth = await guesser.GetAsync("manage/api/devices"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, sixth.StatusCode);
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        using (var stillLocked = await app.Admin.GetAsync("manage/api/devices"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
        }

        clock.Advance(TimeSpan.FromSeconds(2));
        using var allowed = await app.Admin.GetAsync("manage/api/devices");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var audit = await app.GetJsonAsync("manage/api/audit?search=failed sign-in");
        Assert.Equal(6, audit.GetArrayLength());
    }

    [Fact]
    public async Task Addresses_a_caller_puts_in_X_Forwarded_For_are_ignored_so_they_neither_escape_the_cool_down_nor_show_in_the_audit_log()
    {
        var clock = new ManualClock();
        await using var app = await TestApp.StartAsync(clock: clock);
        using var guesser = Guesser(app);

        // No proxy is trusted: as under the Functions host, the app sees the address the request came from.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add(await SendWithForwardedForAsync(guesser, $"10.0.0.{i}, 203.0.113.{i}:5{i:D4}"));
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], statuses);
        clock.Advance(TimeSpan.FromSeconds(2));
        var sources = (await SignInFailuresAsync(app)).EnumerateArray().Select(e => e.GetProperty("source").GetString()).Distinct();
        Assert.Equal(["127.0.0.1"], sources);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_caller_is_the_address_the_proxy_added_and_entries_before_it_are_ignored()
    {
        var clock = new ManualClock();
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { [CallerAddress.TrustedProxiesSetting] = "127.0.0.1" }, clock: clock);
        using var guesser = Guesser(app);

        // The proxy appends the address it accepted the connection from; what comes before it is the caller's.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add(await SendWithForwardedForAsync(guesser, $"10.0.0.{i}, 203.0.113.7:5{i:D4}"));
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], statuses);

        // Another caller behind the same proxy has a cool-down of its own.
        var sources = (await SignInFailuresAsync(app, forwardedFor: "[2001:db8::5]:443")).EnumerateArray().Select(e => e.GetProperty("source").GetString()).Distinct();
        Assert.Equal(["203.0.113.7"], sources);
    }

    private static async Task<HttpStatusCode> SendWithForwardedForAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "manage/api/devices");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A client that tries the admin's user name with a wrong password.</summary>
    private static HttpClient Guesser(TestApp app)
    {
        var guesser = new HttpClient { BaseAddress = app.BaseAddress };
        guesser.DefaultRequestHeaders.Authorization = TestApp.BasicAuth(TestApp.AdminUser, "guess");
        return guesser;
    }

    private static async Task<JsonElement> SignInFailuresAsync(TestApp app, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "manage/api/audit?search=failed sign-in");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await app.Admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task The_audit_log_shows_admin_actions_newest_first_and_filters_them()
    {
        await using var app = await TestApp.StartAsync();
        var watch = await app.PairedWatchAsync("audited-watch");
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "battery_0.csv", "x"u8.ToArray())).Dispose();
        await app.SettledArchiveAsync(setId, ["battery_0.csv"]);

        var entries = await app.GetJsonAsync("manage/api/audit");
        Assert.Equal("zip downloaded", entries[0].GetProperty("action").GetString());
        Assert.Equal(TestApp.AdminUser, entries[0].GetProperty("user").GetString());
        Assert.Equal("127.0.0.1", entries[0].GetProperty("source").GetString());
        var grants = await app.GetJsonAsync("manage/api/audit?search=grant");
        Assert.Contains("audited-watch", grants.EnumerateArray().Single().GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
