using static RecordingFunctions.Tests.Infrastructure.AdminApi;

namespace RecordingFunctions.Tests.Participants;

/// <summary>
/// A participant's own model: given from the library or uploaded, served to its watch by the three model endpoints
/// while it is active (protocol section 4, <c>?androidid=</c>), and the default to every other watch.
/// </summary>
public sealed class ParticipantModelTests
{
    private static readonly byte[] DefaultModel = "TFL3-the-study-default"u8.ToArray();
    private static readonly byte[] OwnModel = "ORT-annas-own-model"u8.ToArray();
    private const string OwnSettings = """{"frame_size": 99, "notification_cool_down": 45, "required_sensors": [1, 4, 2], "mean_threshold": 0.5, "mean_kernel_size": 10}""";

    [Fact]
    public async Task A_participants_own_model_reaches_its_watch_on_all_three_endpoints_and_every_other_watch_gets_the_default()
    {
        await using var app = await TestApp.StartAsync();
        var (anna, annasWatch) = await AnnaWithHerOwnModelAsync(app);
        var bensWatch = ParticipantWatch.NewAndroidId();
        var ben = await IdOfNewAsync(app, "Ben", bensWatch);

        // A 2022+ watch sends its ANDROID_ID as it is; participants keep it in lower case.
        var annas = await SimulatedWatch.Of2022(app).FetchModelAsync(annasWatch.ToUpperInvariant());
        Assert.Equal("anna_own.ort", annas.CheckedName);
        Assert.Equal(annas.CheckedName, annas.FileName);
        Assert.Equal(OwnModel, annas.Model);
        Assert.Equal("anna_own.json", annas.SettingsFileName);
        Assert.Equal(99, annas.Settings.GetProperty("frame_size").GetInt32());
        Assert.Equal([1, 4, 2], annas.Settings.GetProperty("required_sensors").EnumerateArray().Select(s => s.GetInt32()));

        // Ben has no model of his own; an unknown watch, a watch that sends no id (builds before 2022-04-18) and an id
        // that cannot be one all get the default.
        foreach (var androidId in new[] { bensWatch, ParticipantWatch.NewAndroidId(), null, "unknown-id" })
        {
            var other = await SimulatedWatch.Of2021(app).FetchModelAsync(androidId);
            Assert.Equal("study_default.tflite", other.CheckedName);
            Assert.Equal(other.CheckedName, other.FileName);
            Assert.Equal(DefaultModel, other.Model);
            Assert.Equal(150, other.Settings.GetProperty("frame_size").GetInt32());
        }

        var listed = (await app.ParticipantsAsync()).ToDictionary(p => p.GetProperty("id").GetString()!);
        Assert.Equal("anna_own", listed[anna].GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, listed[ben].GetProperty("model").ValueKind);
        Assert.Equal("anna_own", (await app.GetJsonAsync($"manage/api/participants/{anna}")).GetProperty("model").GetString());
        Assert.Contains(await AuditDetailsAsync(app, "participant model set"), d => d == "Anna: anna_own");
    }

    [Fact]
    public async Task An_inactive_participants_model_is_not_served_and_is_again_once_it_is_active()
    {
        await using var app = await TestApp.StartAsync();
        var (anna, androidId) = await AnnaWithHerOwnModelAsync(app);
        var watch = SimulatedWatch.Of2021(app);

        await ChangeAsync(app, anna, new { active = false });
        Assert.Equal("study_default.tflite", (await watch.FetchModelAsync(androidId)).CheckedName);

        // The watch handed over to Ben, who has no model: still the default.
        var ben = await IdOfNewAsync(app, "Ben", androidId);
        Assert.Equal("study_default.tflite", (await watch.FetchModelAsync(androidId)).CheckedName);

        await ChangeAsync(app, ben, new { active = false });
        await ChangeAsync(app, anna, new { active = true });
        var annas = await watch.FetchModelAsync(androidId);
        Assert.Equal("anna_own.ort", annas.CheckedName);
        Assert.Equal(OwnModel, annas.Model);
    }

    [Fact]
    public async Task Clearing_a_participants_model_returns_its_watch_to_the_default()
    {
        await using var app = await TestApp.StartAsync();
        var (anna, androidId) = await AnnaWithHerOwnModelAsync(app);

        using var cleared = await app.Admin.DeleteAsync($"manage/api/participants/{anna}/model");

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model").ValueKind);
        var served = await SimulatedWatch.Of2021(app).FetchModelAsync(androidId);
        Assert.Equal("study_default.tflite", served.CheckedName);
        Assert.Equal(DefaultModel, served.Model);
        Assert.Equal(["Anna: the default model"], await AuditDetailsAsync(app, "participant model cleared"));
        // The model stays in the library, given to nobody.
        var model = (await app.GetJsonAsync("manage/api/models")).EnumerateArray().Single(m => m.GetProperty("name").GetString() == "anna_own");
        Assert.Equal(0, model.GetProperty("participants").GetArrayLength());
    }

    [Fact]
    public async Task A_model_uploaded_for_a_participant_goes_into_the_library_and_reaches_its_watch_without_becoming_the_default()
    {
        await using var app = await TestApp.StartAsync();
        var androidId = ParticipantWatch.NewAndroidId();
        var anna = await IdOfNewAsync(app, "Anna", androidId);

        using var uploaded = await app.Admin.PostAsync($"manage/api/participants/{anna}/model", ModelForm("anna_upload.tflite", OwnModel, OwnSettings));

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal("anna_upload", (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model").GetString());
        var model = (await app.GetJsonAsync("manage/api/models")).EnumerateArray().Single();
        Assert.Equal("anna_upload.tflite", model.GetProperty("fileName").GetString());
        Assert.False(model.GetProperty("active").GetBoolean());
        Assert.Equal(["Anna"], model.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("alias").GetString()));
        var annas = await SimulatedWatch.Of2021(app).FetchModelAsync(androidId);
        Assert.Equal("anna_upload.tflite", annas.CheckedName);
        Assert.Equal(OwnModel, annas.Model);
        Assert.Equal(45, annas.Settings.GetProperty("notification_cool_down").GetInt32());
        Assert.Equal(["anna_upload.tflite"], await AuditDetailsAsync(app, "model added"));

        // Everybody else still has no model until the study activates one.
        using (var none = await app.Http.GetAsync($"tfmodel/check/latest/?androidid={ParticipantWatch.NewAndroidId()}"))
        {
            await none.AssertJsonErrorAsync(HttpStatusCode.NotFound);
        }

        await app.AddModelAsync("study_default", "tflite", DefaultModel);
        Assert.Equal("study_default.tflite", (await SimulatedWatch.Of2021(app).FetchModelAsync()).CheckedName);
        Assert.Equal("anna_upload.tflite", (await SimulatedWatch.Of2021(app).FetchModelAsync(androidId)).CheckedName);
    }

    /// <summary>Watches load .tflite and .ort only (protocol section 4).</summary>
    [Fact]
    public async Task A_pt_model_is_refused_for_a_participant_whether_named_from_the_library_or_uploaded()
    {
        await using var app = await TestApp.StartAsync();
        await app.AddModelAsync("study_default", "tflite", DefaultModel);
        await app.AddModelAsync("convlstm_filter", "pt", [9, 9, 9], activate: false);
        var androidId = ParticipantWatch.NewAndroidId();
        var anna = await IdOfNewAsync(app, "Anna", androidId);
        var blobsBefore = await app.AllBlobsAsync();

        using var named = await app.Admin.PutAsJsonAsync($"manage/api/participants/{anna}/model", new { model = "convlstm_filter" });
        Assert.Contains(".tflite and .ort", await named.AssertJsonErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        using var uploaded = await app.Admin.PostAsync($"manage/api/participants/{anna}/model", ModelForm("annas.pt", [7, 7], DefaultModelSettings));
        Assert.Contains(".tflite and .ort", await uploaded.AssertJsonErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);

        Assert.Equal(JsonValueKind.Null, (await app.GetJsonAsync($"manage/api/participants/{anna}")).GetProperty("model").ValueKind);
        Assert.Equal(blobsBefore.Order(), (await app.AllBlobsAsync()).Order());
        Assert.Equal("study_default.tflite", (await SimulatedWatch.Of2021(app).FetchModelAsync(androidId)).CheckedName);
    }

    [Fact]
    public async Task A_model_given_to_participants_cannot_be_deleted_and_the_refusal_names_them()
    {
        await using var app = await TestApp.StartAsync();
        await app.AddModelAsync("study_default", "tflite", DefaultModel);
        await app.AddModelAsync("shared_own", "ort", OwnModel, OwnSettings, activate: false);
        var anna = await IdOfNewAsync(app, "Anna", ParticipantWatch.NewAndroidId());
        var ben = await IdOfNewAsync(app, "Ben", ParticipantWatch.NewAndroidId());
        await GiveModelAsync(app, anna, "shared_own");
        await GiveModelAsync(app, ben, "shared_own");
        await ChangeAsync(app, ben, new { active = false });

        using var refused = await app.Admin.DeleteAsync("manage/api/models/shared_own");

        Assert.Contains("Anna, Ben", await refused.AssertJsonErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        var models = (await app.GetJsonAsync("manage/api/models")).EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal(
            [("Anna", true), ("Ben", false)],
            models["shared_own"].GetProperty("participants").EnumerateArray().Select(p => (p.GetProperty("alias").GetString(), p.GetProperty("active").GetBoolean())));
        Assert.Equal(0, models["study_default"].GetProperty("participants").GetArrayLength());

        // Once nobody has it, it can go.
        foreach (var participant in new[] { anna, ben })
        {
            using var cleared = await app.Admin.DeleteAsync($"manage/api/participants/{participant}/model");
            Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        }

        using var deleted = await app.Admin.DeleteAsync("manage/api/models/shared_own");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(["study_default"], (await app.GetJsonAsync("manage/api/models")).EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }

    /// <summary>
    /// The gift writes the participant first and then marks the model's row, conditional on the version it checked; the
    /// deletion asks for users after reading that row and deletes it only if unchanged: whichever comes first, no
    /// participant is left with a model the library lacks.
    /// </summary>
    [Fact]
    public async Task Giving_and_deleting_a_model_at_the_same_time_never_leaves_a_participant_with_a_model_the_library_lacks()
    {
        await using var app = await TestApp.StartAsync();
        await app.AddModelAsync("study_default", "tflite", DefaultModel);
        var androidId = ParticipantWatch.NewAndroidId();
        var anna = await IdOfNewAsync(app, "Anna", androidId);

        for (var round = 0; round < 12; round++)
        {
            var name = $"race_{round}";
            await app.AddModelAsync(name, "ort", OwnModel, OwnSettings, activate: false);

            var gift = app.Admin.PutAsJsonAsync($"manage/api/participants/{anna}/model", new { model = name });
            var deletion = app.Admin.DeleteAsync($"manage/api/models/{name}");
            using var given = await gift;
            using var deleted = await deletion;

            Assert.True(
                (given.StatusCode, deleted.StatusCode) is (HttpStatusCode.OK, HttpStatusCode.Conflict) or (HttpStatusCode.NotFound, HttpStatusCode.OK),
                $"round {round}: the gift answered {given.StatusCode}, the deletion {deleted.StatusCode}");
            var model = (await app.GetJsonAsync($"manage/api/participants/{anna}")).GetProperty("model");
            var inLibrary = (await app.GetJsonAsync("manage/api/models")).EnumerateArray().Any(m => m.GetProperty("name").GetString() == name);
            Assert.Equal(given.StatusCode == HttpStatusCode.OK, model.ValueKind == JsonValueKind.String && model.GetString() == name);
            Assert.Equal(given.StatusCode == HttpStatusCode.OK, inLibrary);
            var expected = given.StatusCode == HttpStatusCode.OK ? $"{name}.ort" : "study_default.tflite";
            Assert.Equal(expected, (await SimulatedWatch.Of2021(app).FetchModelAsync(androidId)).CheckedName);

            using var cleared = await app.Admin.DeleteAsync($"manage/api/participants/{anna}/model");
            Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        }
    }

    [Fact]
    public async Task Bad_participant_model_requests_are_refused_with_a_JSON_error_and_change_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var (anna, androidId) = await AnnaWithHerOwnModelAsync(app);
        var unknown = Guid.NewGuid().ToString("N");
        var blobsBefore = await app.AllBlobsAsync();

        await AssertRefusedAsync(await app.Admin.PutAsJsonAsync($"manage/api/participants/{unknown}/model", new { model = "anna_own" }), HttpStatusCode.NotFound, "no such participant");
        await AssertRefusedAsync(await app.Admin.PutAsJsonAsync($"manage/api/participants/{anna}/model", new { model = "missing" }), HttpStatusCode.NotFound, "no model 'missing'");
        await AssertRefusedAsync(await app.Admin.PutAsJsonAsync($"manage/api/participants/{anna}/model", new { model = "" }), HttpStatusCode.BadRequest, "\"model\"");
        await AssertRefusedAsync(await app.Admin.PutAsJsonAsync($"manage/api/participants/{anna}/model", new { name = "anna_own" }), HttpStatusCode.BadRequest, "\"model\"");
        await AssertRefusedAsync(await app.Admin.PutAsync($"manage/api/participants/{anna}/model", new StringContent("anna_own")), HttpStatusCode.BadRequest, "\"model\"");
        await AssertRefusedAsync(await app.Admin.DeleteAsync($"manage/api/participants/{unknown}/model"), HttpStatusCode.NotFound, "no such participant");
        await AssertRefusedAsync(await app.Admin.PostAsync($"manage/api/participants/{unknown}/model", ModelForm("nobodys.tflite", [1], DefaultModelSettings)), HttpStatusCode.NotFound, "no such participant");
        // Uploading under a name the library has would change that model for everyone given it.
        await AssertRefusedAsync(await app.Admin.PostAsync($"manage/api/participants/{anna}/model", ModelForm("study_default.ort", [1], DefaultModelSettings)), HttpStatusCode.Conflict, "choose it from the library");
        await AssertRefusedAsync(await app.Admin.PostAsync($"manage/api/participants/{anna}/model", ModelForm("two.dots.tflite", [1], DefaultModelSettings)), HttpStatusCode.BadRequest, "NAME.tflite");
        await AssertRefusedAsync(await app.Admin.PostAsync($"manage/api/participants/{anna}/model", ModelForm("annas.tflite", [1], """{"frame_size": "150"}""")), HttpStatusCode.BadRequest, "'frame_size'");
        await AssertRefusedAsync(await app.Admin.PostAsync($"manage/api/participants/{anna}/model", ModelForm("annas.tflite", [1], null)), HttpStatusCode.BadRequest, "'settings' is missing");

        Assert.Equal("anna_own", (await app.GetJsonAsync($"manage/api/participants/{anna}")).GetProperty("model").GetString());
        Assert.Equal(blobsBefore.Order(), (await app.AllBlobsAsync()).Order());
        Assert.Equal(["anna_own", "study_default"], (await app.GetJsonAsync("manage/api/models")).EnumerateArray().Select(m => m.GetProperty("name").GetString()).Order());
        var served = await SimulatedWatch.Of2021(app).FetchModelAsync(androidId);
        Assert.Equal("anna_own.ort", served.CheckedName);
        Assert.Equal(DefaultModel, (await SimulatedWatch.Of2021(app).FetchModelAsync()).Model);
    }

    /// <summary>A study with an active model and Anna, active on her watch, given her own model from the library.</summary>
    private static async Task<(string Anna, string AndroidId)> AnnaWithHerOwnModelAsync(TestApp app)
    {
        await app.AddModelAsync("study_default", "tflite", DefaultModel);
        await app.AddModelAsync("anna_own", "ort", OwnModel, OwnSettings, activate: false);
        var androidId = ParticipantWatch.NewAndroidId();
        var anna = await IdOfNewAsync(app, "Anna", androidId);
        var given = await GiveModelAsync(app, anna, "anna_own");
        Assert.Equal("anna_own", given.GetProperty("model").GetString());
        return (anna, androidId);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string named)
    {
        using (response)
        {
            Assert.Contains(named, await response.AssertJsonErrorAsync(status), StringComparison.Ordinal);
        }
    }

    private static async Task<string> IdOfNewAsync(TestApp app, string alias, string androidId) =>
        (await app.CreateParticipantAsync(alias, androidId)).GetProperty("id").GetString()!;

    private static async Task<JsonElement> GiveModelAsync(TestApp app, string participantId, string model)
    {
        using var response = await app.Admin.PutAsJsonAsync($"manage/api/participants/{participantId}/model", new { model });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task ChangeAsync(TestApp app, string participantId, object change)
    {
        using var response = await app.Admin.PutAsJsonAsync($"manage/api/participants/{participantId}", change);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string[]> AuditDetailsAsync(TestApp app, string action) =>
        [.. (await app.GetJsonAsync($"manage/api/audit?search={Uri.EscapeDataString(action)}")).EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == action)
            .Select(e => e.GetProperty("detail").GetString()!)];
}
