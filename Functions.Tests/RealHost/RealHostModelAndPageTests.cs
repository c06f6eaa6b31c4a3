using RecordingFunctions.Manage;
using RecordingFunctions.Tests.Participants;

namespace RecordingFunctions.Tests.RealHost;

/// <summary>The model endpoints' exact headers and the admin page, as the real Functions host passes them on.</summary>
[Collection(SharedRealHost.Name)]
public sealed class RealHostModelAndPageTests(RealHostFixture host)
{
    private FunctionsHostApp App => host.App;

    [Fact]
    public async Task The_model_endpoints_answer_with_exactly_the_header_the_watch_parses()
    {
        var name = "model_" + Guid.NewGuid().ToString("N")[..8];
        await App.AddModelAsync(name, "tflite", "TFL3-model-bytes"u8.ToArray());
        var watch = SimulatedWatch.Of2021(App);

        using var model = await App.Http.GetAsync(watch.Url("tfmodel/get/latest/?androidid=3f2a9c0d11aa"));
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.Equal([$"attachment; filename={name}.tflite"], model.Content.Headers.GetValues("Content-Disposition"));
        Assert.Equal("TFL3-model-bytes", await model.Content.ReadAsStringAsync());

        using var settings = await App.Http.GetAsync(watch.Url("tfmodel/get/settings"));
        Assert.Equal([$"attachment; filename={name}.json"], settings.Content.Headers.GetValues("Content-Disposition"));
        Assert.Equal(150, (await settings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("frame_size").GetInt32());

        using var check = await App.Http.GetAsync(watch.Url("tfmodel/check/latest/?androidid=unknown"));
        Assert.Equal($"{name}.tflite", (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeModel").GetString());
    }

    /// <summary>Builds since 2022-04-18 send <c>?androidid=</c> on all three calls; its participant's own model comes the same way.</summary>
    [Fact]
    public async Task A_participants_own_model_is_served_under_its_android_id_with_exactly_the_header_the_watch_parses()
    {
        var name = "own_" + Guid.NewGuid().ToString("N")[..8];
        var androidId = ParticipantWatch.NewAndroidId();
        var participant = (await App.CreateParticipantAsync("Wearer " + name, androidId)).GetProperty("id").GetString();
        using (var uploaded = await App.Admin.PostAsync(
            $"manage/api/participants/{participant}/model", AdminApi.ModelForm($"{name}.ort", "ORT-own-bytes"u8.ToArray(), AdminApi.DefaultModelSettings)))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

        var watch = SimulatedWatch.Of2021(App);
        var query = $"?androidid={androidId.ToUpperInvariant()}";

        using var model = await App.Http.GetAsync(watch.Url($"tfmodel/get/latest/{query}"));
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.Equal([$"attachment; filename={name}.ort"], model.Content.Headers.GetValues("Content-Disposition"));
        Assert.Equal("ORT-own-bytes", await model.Content.ReadAsStringAsync());

        using var settings = await App.Http.GetAsync(watch.Url($"tfmodel/get/settings/{query}"));
        Assert.Equal([$"attachment; filename={name}.json"], settings.Content.Headers.GetValues("Content-Disposition"));
        Assert.Equal(150, (await settings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("frame_size").GetInt32());

        using var check = await App.Http.GetAsync(watch.Url($"tfmodel/check/latest/{query}"));
        Assert.Equal($"{name}.ort", (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeModel").GetString());

        // Another watch gets the default (or 404 while the study has none), never this participant's model.
        using var other = await App.Http.GetAsync(watch.Url($"tfmodel/check/latest/?androidid={ParticipantWatch.NewAndroidId()}"));
        Assert.DoesNotContain(name, await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EscapedFileNames.Cases), MemberType = typeof(EscapedFileNames))]
    public Task A_file_whose_name_needs_escaping_is_downloaded_and_deleted_through_the_host(string sentName) =>
        EscapedFileNames.AssertDownloadedAndDeletedAsync(App, sentName);

    [Theory]
    [InlineData("manage", "text/html")]
    [InlineData("manage/assets/app.js", "text/javascript")]
    [InlineData("manage/assets/app.css", "text/css")]
    [InlineData("manage/assets/uPlot.iife.min.js", "text/javascript")]
    public async Task The_page_and_its_assets_carry_the_security_headers(string path, string mediaType)
    {
        using var response = await App.Admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([PageFunctions.ContentSecurityPolicy], response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
    }

    [Fact]
    public async Task The_page_asks_for_the_admin_password_and_the_root_leads_to_it()
    {
        using var anonymous = await App.Http.GetAsync("manage");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = App.BaseAddress };
        using var root = await noRedirects.GetAsync("");
        Assert.True(root.StatusCode is HttpStatusCode.Found or HttpStatusCode.MovedPermanently or HttpStatusCode.TemporaryRedirect);
        Assert.Equal("/manage", root.Headers.Location?.OriginalString);
    }
}
