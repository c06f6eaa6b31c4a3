namespace RecordingFunctions.Tests.Participants;

public sealed class ParticipantTests
{
    [Fact]
    public async Task A_set_goes_to_the_participant_active_on_its_watch_and_after_a_hand_over_new_sets_go_to_the_next_one()
    {
        await using var app = await TestApp.StartAsync();
        var androidId = ParticipantWatch.NewAndroidId();
        var anna = (await app.CreateParticipantAsync("Anna", androidId)).GetProperty("id").GetString()!;
        var watch = await app.PairedWatchAsync("SM-R860");

        var annasSet = await watch.UploadSetWithMetaInfoAsync(androidId, DateTimeOffset.UtcNow);
        await app.AssignedEventuallyAsync(annasSet, anna);
        Assert.Equal([annasSet], await app.SetsOfAsync(anna));
        var listed = (await app.GetJsonAsync("manage/api/recordings")).GetProperty("sets").EnumerateArray().Single();
        Assert.Equal("Anna", listed.GetProperty("participant").GetProperty("alias").GetString());
        Assert.False(listed.GetProperty("participant").GetProperty("byHand").GetBoolean());

        // Only one participant is active per watch: the next one is refused until the first is made inactive.
        using var refused = await app.Admin.PostAsJsonAsync("manage/api/participants", new { alias = "Ben", androidId });
        Assert.Contains("'Anna' is active", await refused.AssertJsonErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Single((await app.ParticipantsAsync()));
        using var inactive = await app.Admin.PutAsJsonAsync($"manage/api/participants/{anna}", new { active = false });
        Assert.Equal(HttpStatusCode.OK, inactive.StatusCode);
        var ben = (await app.CreateParticipantAsync("Ben", androidId)).GetProperty("id").GetString()!;

        var bensSet = await watch.UploadSetWithMetaInfoAsync(androidId, DateTimeOffset.UtcNow);
        await app.AssignedEventuallyAsync(bensSet, ben);
        Assert.Equal([annasSet], await app.SetsOfAsync(anna));
        Assert.Equal([bensSet], await app.SetsOfAsync(ben));

        // Running the assignment again asks the same question, "who was active then", and gets the same answers.
        using var rerun = await app.Admin.PostAsync("manage/api/participants/reassign", null);
        Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        Assert.Equal([annasSet], await app.SetsOfAsync(anna));
        Assert.Equal([bensSet], await app.SetsOfAsync(ben));
        var periods = (await app.GetJsonAsync($"manage/api/participants/{anna}")).GetProperty("periods").EnumerateArray().Single();
        Assert.Equal(JsonValueKind.String, periods.GetProperty("to").ValueKind);
    }

    [Fact]
    public async Task A_set_without_metaInfo_goes_by_the_android_id_in_its_devices_identifier_at_its_upload_time()
    {
        await using var app = await TestApp.StartAsync();
        var androidId = ParticipantWatch.NewAndroidId();
        var clara = (await app.CreateParticipantAsync("Clara", androidId.ToUpperInvariant())).GetProperty("id").GetString()!;
        var watch = await app.PairedWatchAsync($"SM-R860[{androidId}]");
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "sensor_recording_battery_0.csv", "1\t2\n"u8.ToArray())).Dispose();

        await app.AssignedEventuallyAsync(setId, clara);
        var set = await app.SetAsync(setId);
        Assert.Equal(androidId, set.GetProperty("androidId").GetString());
        Assert.Equal(set.GetProperty("firstUpload").GetDateTimeOffset(), set.GetProperty("recordedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Sets_assigned_or_unassigned_by_hand_stay_so_when_files_arrive_and_when_the_assignment_runs_again()
    {
        await using var app = await TestApp.StartAsync();
        var androidId = ParticipantWatch.NewAndroidId();
        var dora = (await app.CreateParticipantAsync("Dora", androidId)).GetProperty("id").GetString()!;
        var emil = (await app.CreateParticipantAsync("Emil", ParticipantWatch.NewAndroidId())).GetProperty("id").GetString()!;
        var watch = await app.PairedWatchAsync();
        var start = DateTimeOffset.UtcNow;
        var first = await watch.UploadSetWithMetaInfoAsync(androidId, start);
        var second = await watch.UploadSetWithMetaInfoAsync(androidId, start.AddMinutes(10));
        await app.AssignedEventuallyAsync(first, dora);
        await app.AssignedEventuallyAsync(second, dora);

        using var assigned = await app.Admin.PostAsJsonAsync($"manage/api/participants/{emil}/assign", new { sets = new[] { first } });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        var range = new { androidId, from = start.AddMinutes(5), to = start.AddMinutes(20) };
        using var unassigned = await app.Admin.PostAsJsonAsync("manage/api/participants/unassign", range);
        Assert.Equal(HttpStatusCode.OK, unassigned.StatusCode);
        Assert.Equal([second], (await unassigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sets").EnumerateArray().Select(s => s.GetString()));

        (await watch.UploadAsync(first, "battery_0.csv", "1"u8.ToArray())).Dispose();
        (await watch.UploadAsync(second, "battery_0.csv", "1"u8.ToArray())).Dispose();
        await app.SettledArchiveAsync(first, [ParticipantWatch.MetaInfoFileName(androidId, start).Replace(':', '_'), "battery_0.csv"]);
        await app.SettledArchiveAsync(second, [ParticipantWatch.MetaInfoFileName(androidId, start.AddMinutes(10)).Replace(':', '_'), "battery_0.csv"]);
        using var rerun = await app.Admin.PostAsJsonAsync("manage/api/participants/reassign", new { sets = new[] { first, second } });
        Assert.Equal(0, (await rerun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());

        Assert.Equal([first], await app.SetsOfAsync(emil));
        Assert.Empty(await app.SetsOfAsync(dora));
        var secondSet = await app.SetAsync(second);
        Assert.Equal(JsonValueKind.Null, secondSet.GetProperty("participant").ValueKind);
        Assert.True(secondSet.GetProperty("assignedByHand").GetBoolean());
    }

    [Fact]
    public async Task Deleting_a_participant_keeps_its_recordings_and_leaves_its_sets_unassigned()
    {
        await using var app = await TestApp.StartAsync();
        var androidId = ParticipantWatch.NewAndroidId();
        var finn = (await app.CreateParticipantAsync("Finn", androidId)).GetProperty("id").GetString()!;
        var watch = await app.PairedWatchAsync();
        var setId = await watch.UploadSetWithMetaInfoAsync(androidId, DateTimeOffset.UtcNow);
        await app.AssignedEventuallyAsync(setId, finn);

        using var deleted = await app.Admin.DeleteAsync($"manage/api/participants/{finn}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        var set = await app.SetAsync(setId);
        Assert.Equal(JsonValueKind.Null, set.GetProperty("participant").ValueKind);
        Assert.Equal(1, set.GetProperty("fileCount").GetInt32());
        (await (await app.Admin.GetAsync($"manage/api/participants/{finn}")).AssertJsonErrorAsync(HttpStatusCode.NotFound)).ToString();
        // The alias and the watch are free again.
        await app.CreateParticipantAsync("finn", androidId);
    }

    [Fact]
    public async Task Bad_participant_input_is_refused_with_a_JSON_error_and_changes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var androidId = ParticipantWatch.NewAndroidId();
        var gina = (await app.CreateParticipantAsync("Gina", androidId)).GetProperty("id").GetString()!;
        var hugo = (await app.CreateParticipantAsync("Hugo", ParticipantWatch.NewAndroidId(), active: false)).GetProperty("id").GetString()!;
        var before = await EditableFieldsAsync(app);

        await ExpectAsync(HttpStatusCode.BadRequest, app.Admin.PostAsJsonAsync("manage/api/participants", new { androidId }));
        await ExpectAsync(HttpStatusCode.BadRequest, app.Admin.PostAsJsonAsync("manage/api/participants", new { alias = "Ida", androidId = "not/an id" }));
        await ExpectAsync(HttpStatusCode.BadRequest, app.Admin.PostAsJsonAsync("manage/api/participants", new { alias = " ", androidId }));
        await ExpectAsync(HttpStatusCode.BadRequest, app.Admin.PostAsync("manage/api/participants", new StringContent("{not json")));
        await ExpectAsync(HttpStatusCode.Conflict, app.Admin.PostAsJsonAsync("manage/api/participants", new { alias = "GINA", androidId = ParticipantWatch.NewAndroidId() }));
        await ExpectAsync(HttpStatusCode.Conflict, app.Admin.PutAsJsonAsync($"manage/api/participants/{hugo}", new { alias = "gina" }));
        await ExpectAsync(HttpStatusCode.Conflict, app.Admin.PutAsJsonAsync($"manage/api/participants/{hugo}", new { androidId, active = true }));
        await ExpectAsync(HttpStatusCode.BadRequest, app.Admin.PutAsJsonAsync($"manage/api/participants/{gina}", new { notes = new string('x', 5000) }));
        await ExpectAsync(HttpStatusCode.NotFound, app.Admin.PutAsJsonAsync("manage/api/participants/0123abc", new { notes = "x" }));
        await ExpectAsync(HttpStatusCode.NotFound, app.Admin.DeleteAsync("manage/api/participants/no-such"));

        var watch = await app.PairedWatchAsync();
        var setId = await watch.UploadSetWithMetaInfoAsync(androidId, DateTimeOffset.UtcNow);
        await app.AssignedEventuallyAsync(setId, gina);
        await ExpectAsync(HttpStatusCode.NotFound, app.Admin.PostAsJsonAsync($"manage/api/participants/{hugo}/assign", new { sets = new[] { setId, Guid.NewGuid().ToString() } }));
        await ExpectAsync(HttpStatusCode.BadRequest, app.Admin.PostAsJsonAsync($"manage/api/participants/{hugo}/assign", new { sets = new[] { "not-a-uuid" } }));
        await ExpectAsync(HttpStatusCode.BadRequest, app.Admin.PostAsync($"manage/api/participants/{hugo}/assign", null));
        await ExpectAsync(HttpStatusCode.BadRequest, app.Admin.PostAsJsonAsync("manage/api/participants/unassign", new { androidId, from = DateTimeOffset.UtcNow, to = DateTimeOffset.UtcNow.AddDays(-1) }));
        await ExpectAsync(HttpStatusCode.BadRequest, app.Admin.PostAsJsonAsync("manage/api/participants/unassign", new { from = DateTimeOffset.UtcNow, to = DateTimeOffset.UtcNow.AddDays(1) }));
        await ExpectAsync(HttpStatusCode.NotFound, app.Admin.PostAsJsonAsync("manage/api/participants/no-such/assign", new { sets = new[] { setId } }));

        // Gina's last upload changed with the set she got; nothing the refused requests named did.
        Assert.Equal(before, await EditableFieldsAsync(app));
        Assert.Equal([setId], await app.SetsOfAsync(gina));
        Assert.False((await app.SetAsync(setId)).GetProperty("assignedByHand").GetBoolean());
    }

    [Fact]
    public async Task Granting_a_pairing_request_can_create_its_participant_from_the_identifier_in_the_same_step()
    {
        await using var app = await TestApp.StartAsync();
        var androidId = ParticipantWatch.NewAndroidId();
        await app.CreateParticipantAsync("Taken", ParticipantWatch.NewAndroidId());
        var identifier = $"Jana[{androidId}]";
        var watch = SimulatedWatch.Of2022(app);
        await watch.RequestTokenAsync(Uri.EscapeDataString(identifier));
        var request = (await app.GetJsonAsync("manage/api/pairing/requests")).EnumerateArray().Single();
        Assert.Equal("Jana", request.GetProperty("suggestedParticipant").GetProperty("alias").GetString());
        Assert.Equal(androidId, request.GetProperty("suggestedParticipant").GetProperty("androidId").GetString());
        var grant = $"manage/api/pairing/requests/{request.GetProperty("id").GetString()}/grant";

        // A refused participant leaves the request ungranted.
        await ExpectAsync(HttpStatusCode.Conflict, app.Admin.PostAsJsonAsync(grant, new { participant = new { alias = "taken", androidId } }));
        Assert.False((await app.GetJsonAsync("manage/api/pairing/requests")).EnumerateArray().Single().GetProperty("granted").GetBoolean());
        await ExpectAsync(HttpStatusCode.BadRequest, app.Admin.PostAsync(grant, new StringContent("[1, 2")));
        await ExpectAsync(HttpStatusCode.NotFound, app.Admin.PostAsJsonAsync("manage/api/pairing/requests/0000/grant", new { participant = new { alias = "Nobody", androidId = "abc" } }));
        Assert.Single((await app.ParticipantsAsync()));

        using var granted = await app.Admin.PostAsJsonAsync(grant, new { participant = new { alias = "Jana", androidId, notes = "ward 3" } });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        var jana = (await granted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participant");
        Assert.True(jana.GetProperty("active").GetBoolean());
        Assert.Equal("ward 3", jana.GetProperty("notes").GetString());
        Assert.Equal("grant", (await watch.RequestTokenAsync(Uri.EscapeDataString(identifier))).GetProperty("status").GetString());

        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "battery_0.csv", "1"u8.ToArray())).Dispose();
        await app.AssignedEventuallyAsync(setId, jana.GetProperty("id").GetString());
    }

    private static async Task ExpectAsync(HttpStatusCode status, Task<HttpResponseMessage> call)
    {
        using var response = await call;
        await response.AssertJsonErrorAsync(status);
    }

    /// <summary>Every participant's fields as the team sets them, without the last upload the watches move.</summary>
    private static async Task<string[]> EditableFieldsAsync(TestApp app) =>
        [.. (await app.ParticipantsAsync()).Select(p => string.Join(
            ",", p.EnumerateObject().Where(field => field.Name is not ("lastUpload" or "silent")).Select(field => $"{field.Name}={field.Value.GetRawText()}")))];
}
