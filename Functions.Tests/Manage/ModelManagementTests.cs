using System.Text.Json.Nodes;
using RecordingFunctions.Tests.Participants;
using static RecordingFunctions.Tests.Infrastructure.AdminApi;

namespace RecordingFunctions.Tests.Manage;

/// <summary>
/// Detection models in the management API: downloads, activation and deletion, and what it refuses. The refusals and
/// unknown models share one app whose library stays empty; a test that adds models has a study of its own.
/// </summary>
public sealed class ModelManagementTests(SharedTestApp shared) : IClassFixture<SharedTestApp>
{
    private TestApp App => shared.App;

    [Fact]
    public async Task A_model_and_its_settings_download_as_they_were_added()
    {
        await using var app = await TestApp.StartAsync();
        byte[] content = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 11))];
        await app.AddModelAsync("handwash", "tflite", content);

        using var file = await app.Admin.GetAsync("manage/api/models/handwash/file");
        using var settings = await app.Admin.GetAsync("manage/api/models/handwash/settings");

        Assert.Equal(content, await file.Content.ReadAsByteArrayAsync());
        Assert.Equal("handwash.tflite", file.Content.Headers.ContentDisposition!.FileNameStar ?? file.Content.Headers.ContentDisposition.FileName);
        var sent = JsonDocument.Parse(AdminApi.DefaultModelSettings).RootElement;
        var served = await settings.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(sent.GetProperty("frame_size").GetInt32(), served.GetProperty("frame_size").GetInt32());
        Assert.Equal([1, 4], served.GetProperty("required_sensors").EnumerateArray().Select(s => s.GetInt32()));
    }

    /// <summary>The admin's download of a model is like the other downloads; a watch's never redirects (it cannot follow one).</summary>
    [Fact]
    public async Task A_model_over_the_redirect_size_downloads_by_a_read_link_for_the_admin_and_streams_to_watches_with_their_header()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["Recordings:Downloads:RedirectFromBytes"] = "4096" });
        byte[] content = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))];
        await app.AddModelAsync("handwash", "tflite", content);
        using var admin = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = TestApp.BasicAuth(TestApp.AdminUser, app.AdminPassword);

        using var redirected = await admin.GetAsync("manage/api/models/handwash/file");
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Contains("sp=r&", redirected.Headers.Location!.Query + "&", StringComparison.Ordinal);
        using var plain = new HttpClient();
        using var linked = await plain.GetAsync(redirected.Headers.Location);
        Assert.Equal(content, await linked.Content.ReadAsByteArrayAsync());
        Assert.Equal("handwash.tflite", linked.Content.Headers.ContentDisposition!.FileName);

        using var watch = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using var served = await watch.GetAsync("tfmodel/get/latest/");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(["attachment; filename=handwash.tflite"], served.Content.Headers.GetValues("Content-Disposition"));
        Assert.Equal(content.Length, served.Content.Headers.ContentLength);
        Assert.Equal(content, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_active_model_cannot_be_deleted_while_other_models_exist()
    {
        await using var app = await TestApp.StartAsync();
        await app.AddModelAsync("first", "tflite", [1, 2, 3]);
        await app.AddModelAsync("second", "ort", [4, 5, 6]);

        using var refused = await app.Admin.DeleteAsync("manage/api/models/second");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(2, (await app.GetJsonAsync("manage/api/models")).GetArrayLength());
        using (var served = await app.Http.GetAsync("tfmodel/get/latest"))
        {
            Assert.Equal(new byte[] { 4, 5, 6 }, await served.Content.ReadAsByteArrayAsync());
        }

        using var activated = await app.Admin.PostAsync("manage/api/models/first/activate", null);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        using var deleted = await app.Admin.DeleteAsync("manage/api/models/second");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var left = (await app.GetJsonAsync("manage/api/models")).EnumerateArray().Single();
        Assert.Equal("first", left.GetProperty("name").GetString());
        Assert.True(left.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task The_only_model_can_be_deleted_though_active_and_the_watches_then_get_none()
    {
        await using var app = await TestApp.StartAsync();
        await app.AddModelAsync("only", "tflite", [1, 2, 3]);

        using var deleted = await app.Admin.DeleteAsync("manage/api/models/only");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(0, (await app.GetJsonAsync("manage/api/models")).GetArrayLength());
        Assert.Empty(await app.AllBlobsAsync());
        foreach (var path in new[] { "tfmodel/check/latest/", "tfmodel/get/latest/", "tfmodel/get/settings/" })
        {
            using var served = await app.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, served.StatusCode);
        }

        // Nothing points at the deleted model any more: the next one added is the first again and becomes active.
        using var added = await app.Admin.PostAsync("manage/api/models", ModelForm("next.ort", [4, 5, 6], AdminApi.DefaultModelSettings));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        using var check = await app.Http.GetAsync("tfmodel/check/latest/");
        Assert.Equal("next.ort", (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeModel").GetString());
    }

    [Fact]
    public async Task Adding_a_model_again_under_another_ending_replaces_its_file()
    {
        await using var app = await TestApp.StartAsync();
        await app.AddModelAsync("handwash", "tflite", [1, 2, 3]);

        await app.AddModelAsync("handwash", "ort", [4, 5, 6]);

        var model = (await app.GetJsonAsync("manage/api/models")).EnumerateArray().Single();
        Assert.Equal("handwash.ort", model.GetProperty("fileName").GetString());
        var library = $"{app.Containers.Models.Name}/library/";
        Assert.Equal([library + "handwash.json", library + "handwash.ort"], (await app.AllBlobsAsync()).Order());
        using var served = await app.Http.GetAsync("tfmodel/get/latest");
        Assert.Equal(new byte[] { 4, 5, 6 }, await served.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Adding under a model's name replaces it; a .pt must not replace a model watches are given, which they would then get.</summary>
    [Fact]
    public async Task A_model_watches_are_given_cannot_be_replaced_by_one_they_cannot_load()
    {
        await using var app = await TestApp.StartAsync();
        await app.AddModelAsync("handwash", "tflite", [1, 2, 3]);
        await app.AddModelAsync("annas", "ort", [4, 5, 6], activate: false);
        await app.AddModelAsync("spare", "ort", [7, 8, 9], activate: false);
        var anna = (await app.CreateParticipantAsync("Anna", ParticipantWatch.NewAndroidId())).GetProperty("id").GetString();
        using (var given = await app.Admin.PutAsJsonAsync($"manage/api/participants/{anna}/model", new { model = "annas" }))
        {
            Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        }

        using var active = await app.Admin.PostAsync("manage/api/models", ModelForm("handwash.pt", [0], AdminApi.DefaultModelSettings));
        using var annas = await app.Admin.PostAsync("manage/api/models", ModelForm("annas.pt", [0], AdminApi.DefaultModelSettings));
        using var spare = await app.Admin.PostAsync("manage/api/models", ModelForm("spare.pt", [0], AdminApi.DefaultModelSettings));

        Assert.Contains("it is the active model", await active.AssertJsonErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Contains("it is given to Anna", await annas.AssertJsonErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, spare.StatusCode);
        var files = (await app.GetJsonAsync("manage/api/models")).EnumerateArray().Select(m => m.GetProperty("fileName").GetString()).Order();
        Assert.Equal(["annas.ort", "handwash.tflite", "spare.pt"], files);
        using var served = await app.Http.GetAsync("tfmodel/get/latest/");
        Assert.Equal(new byte[] { 1, 2, 3 }, await served.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("POST", "manage/api/models/missing/activate")]
    [InlineData("DELETE", "manage/api/models/missing")]
    [InlineData("GET", "manage/api/models/missing/file")]
    [InlineData("GET", "manage/api/models/missing/settings")]
    public async Task An_unknown_model_is_a_json_404(string method, string path)
    {
        using var response = await App.Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.AssertJsonErrorAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("not multipart", "multipart/form-data")]
    [InlineData("no model part", "'model'")]
    [InlineData("no settings part", "'settings' is missing")]
    [InlineData("a name with a dot", "NAME.tflite")]
    [InlineData("an ending watches cannot run", "NAME.tflite")]
    [InlineData("a name without an ending", "NAME.tflite")]
    [InlineData("a doubled ending", "NAME.tflite")]
    [InlineData("settings that are not JSON", "not JSON")]
    [InlineData("a frame size in words", "'frame_size'")]
    [InlineData("a prediction counter that is a list", "'positive_prediction_counter'")]
    [InlineData("settings without sensors", "'required_sensors'")]
    [InlineData("a model over the maximum size", "maximum upload size")]
    [InlineData("settings that are a list", "a JSON object")]
    [InlineData("a mean threshold in words", "'mean_threshold'")]
    [InlineData("a fractional kernel size", "'mean_kernel_size'")]
    [InlineData(MalformedMultipart.NoColon, "headers are malformed")]
    [InlineData(MalformedMultipart.TooManyHeaders, "headers are malformed")]
    public async Task A_refused_model_is_a_json_error_naming_the_problem_and_stores_nothing(string refusal, string named)
    {
        await App.Services.GetRequiredService<ConfigStore>().UpdateAsync(s => s with { MaxUploadBytes = 1024 });
        const string settings = AdminApi.DefaultModelSettings;

        HttpContent body = refusal switch
        {
            "not multipart" => new StringContent(settings, Encoding.UTF8, "application/json"),
            "no model part" => ModelForm(null, null, settings),
            "no settings part" => ModelForm("handwash.tflite", [1, 2, 3], null),
            "a name with a dot" => ModelForm("hand.wash.tflite", [1, 2, 3], settings),
            "an ending watches cannot run" => ModelForm("handwash.onnx", [1, 2, 3], settings),
            "a name without an ending" => ModelForm("handwash", [1, 2, 3], settings),
            "a doubled ending" => ModelForm("handwash.tflite.tflite", [1, 2, 3], settings),
            "settings that are not JSON" => ModelForm("handwash.tflite", [1, 2, 3], "frame_size: 150"),
            "a frame size in words" => ModelForm("handwash.tflite", [1, 2, 3], settings.Replace("\"frame_size\": 150", "\"frame_size\": \"150\"", StringComparison.Ordinal)),
            "a prediction counter that is a list" => ModelForm("handwash.tflite", [1, 2, 3], settings.Replace("\"positive_prediction_counter\": 3", "\"positive_prediction_counter\": [3]", StringComparison.Ordinal)),
            "settings without sensors" => ModelForm("handwash.tflite", [1, 2, 3], settings.Replace("[1, 4]", "[]", StringComparison.Ordinal)),
            "a model over the maximum size" => ModelForm("handwash.tflite", new byte[1025], settings),
            "settings that are a list" => ModelForm("handwash.tflite", [1, 2, 3], "[150, 10, 3]"),
            "a mean threshold in words" => ModelForm("handwash.tflite", [1, 2, 3], settings.Replace("0.75", "\"high\"", StringComparison.Ordinal)),
            MalformedMultipart.NoColon or MalformedMultipart.TooManyHeaders => MalformedMultipart.Body(refusal, "model"),
            "a fractional kernel size" => ModelForm("handwash.tflite", [1, 2, 3], settings.Replace("\"mean_kernel_size\": 20", "\"mean_kernel_size\": 2.5", StringComparison.Ordinal)),
            _ => throw new ArgumentOutOfRangeException(nameof(refusal)),
        };
        using var response = await App.Admin.PostAsync("manage/api/models", body);

        Assert.Contains(named, await response.AssertJsonErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Empty(await App.AllBlobsAsync());
        Assert.Equal(0, (await App.GetJsonAsync("manage/api/models")).GetArrayLength());
    }

    /// <summary>The Flask server's own page writes no positive_prediction_* keys since May 2021; the 2021 builds of April need them.</summary>
    [Fact]
    public async Task Settings_without_optional_keys_are_accepted_and_the_answer_names_what_April_2021_builds_need()
    {
        await using var app = await TestApp.StartAsync();
        const string flask2021 = """{"frame_size": 150, "mean_threshold": 0.6, "mean_kernel_size": 25, "notification_cool_down": 60, "required_sensors": [1, 4]}""";

        using var added = await app.Admin.PostAsync("manage/api/models", ModelForm("running_mean.tflite", [1, 2, 3], flask2021));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var answer = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["positive_prediction_time", "positive_prediction_counter"], answer.GetProperty("missingKeys").EnumerateArray().Select(k => k.GetString()));
        Assert.Contains("5 to 22 April 2021", answer.GetProperty("notice").GetString(), StringComparison.Ordinal);
        Assert.Contains("positive_prediction_time, positive_prediction_counter", answer.GetProperty("notice").GetString(), StringComparison.Ordinal);
        using var served = await app.Http.GetAsync("tfmodel/get/settings/");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(flask2021), JsonNode.Parse(await served.Content.ReadAsStringAsync())));

        // Settings with every key the April builds read carry no notice; nothing at all is also valid settings.
        await app.AddModelAsync("complete", "ort", [4, 5, 6]);
        using var bare = await app.Admin.PostAsync("manage/api/models", ModelForm("bare.tflite", [7], "{}"));
        Assert.Equal(HttpStatusCode.Created, bare.StatusCode);
        var listed = (await app.GetJsonAsync("manage/api/models")).EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Empty(listed["complete"].GetProperty("missingKeys").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, listed["complete"].GetProperty("notice").ValueKind);
        Assert.Equal(5, listed["bare"].GetProperty("missingKeys").GetArrayLength());
        Assert.Equal(2, listed["running_mean"].GetProperty("missingKeys").GetArrayLength());
    }

    [Fact]
    public async Task A_model_name_is_served_with_its_ending_in_lower_case_whatever_case_it_was_uploaded_in()
    {
        await using var app = await TestApp.StartAsync();

        using var added = await app.Admin.PostAsync("manage/api/models", ModelForm("HandWash.TFLITE", [1, 2, 3], AdminApi.DefaultModelSettings));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        using var model = await app.Http.GetAsync("tfmodel/get/latest/");
        Assert.Equal(["attachment; filename=HandWash.tflite"], model.Content.Headers.GetValues("Content-Disposition"));
        using var check = await app.Http.GetAsync("tfmodel/check/latest/");
        Assert.Equal("HandWash.tflite", (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeModel").GetString());
    }

    /// <summary>Watches load .tflite and .ort only (protocol section 4); a .pt model is the study's, never the watches'.</summary>
    [Fact]
    public async Task A_pt_model_is_kept_and_downloadable_but_never_activated_or_served()
    {
        await using var app = await TestApp.StartAsync();

        using var added = await app.Admin.PostAsync("manage/api/models", ModelForm("convlstm_filter.pt", [9, 9, 9], AdminApi.DefaultModelSettings));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var model = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(model.GetProperty("active").GetBoolean());
        Assert.False(model.GetProperty("loadableByWatches").GetBoolean());
        using (var check = await app.Http.GetAsync("tfmodel/check/latest/"))
        {
            Assert.Equal(HttpStatusCode.NotFound, check.StatusCode);
        }

        using var refused = await app.Admin.PostAsync("manage/api/models/convlstm_filter/activate", null);
        Assert.Contains(".tflite and .ort", await refused.AssertJsonErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        using var file = await app.Admin.GetAsync("manage/api/models/convlstm_filter/file");
        Assert.Equal(new byte[] { 9, 9, 9 }, await file.Content.ReadAsByteArrayAsync());

        // The first model a watch can load is the first to become active.
        using var loadable = await app.Admin.PostAsync("manage/api/models", ModelForm("handwash.ort", [1], AdminApi.DefaultModelSettings));
        using var served = await app.Http.GetAsync("tfmodel/check/latest/");
        Assert.Equal("handwash.ort", (await served.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeModel").GetString());
    }
}
