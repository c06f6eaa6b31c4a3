using System.Security.Cryptography;

namespace RecordingFunctions.Tests.Watch;

/// <summary>
/// The whole protocol as unchanged watches of 2021 and of 2022+ speak it, over real HTTP. A flow that adds a model or
/// changes the settings has an app of its own; the tests of one set, of no model and of health share one app.
/// </summary>
public sealed class WatchFlowTests(SharedTestApp shared) : IClassFixture<SharedTestApp>
{
    private TestApp App => shared.App;

    [Fact]
    public async Task A_2021_watch_pairs_uploads_a_set_and_gets_the_model()
    {
        await using var app = await TestApp.StartAsync();
        await KeepMicrophoneFilesAsSentAsync(app);
        var watch = SimulatedWatch.Of2021(app);

        // Raw identifier (no form encoding), the device model by default.
        Assert.Equal("new", (await watch.RequestTokenAsync("SM-R860")).GetProperty("status").GetString());
        await app.GrantAsync("SM-R860");
        Assert.Equal("grant", (await watch.RequestTokenAsync("SM-R860")).GetProperty("status").GetString());

        var setId = await watch.NewSetAsync();
        var files = new Dictionary<string, byte[]>
        {
            ["sensor_recording_android_0.mkv"] = RandomNumberGenerator.GetBytes(300_000),
            ["sensor_recording_hand_wash_time_stamps_0.csv"] = "1650000000000000000\n"u8.ToArray(),
            ["sensor_recording_battery_0.csv"] = "t\tlevel\n1\t99\n"u8.ToArray(),
            ["sensor_recording_mic_0.zip"] = RandomNumberGenerator.GetBytes(50_000),
            ["android_sensor_accelerometer_0.zip"] = RandomNumberGenerator.GetBytes(120_000),
        };
        foreach (var (name, content) in files)
        {
            using var response = await watch.UploadAsync(setId, name, content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var zip = await app.SettledArchiveAsync(setId, files.Keys);
        Assert.All(files, file => Assert.Equal(file.Value, zip[file.Key]));

        await app.AddModelAsync("handwash", "tflite", Encoding.ASCII.GetBytes("TFL3-model-bytes"));
        using var model = await app.Http.GetAsync(watch.Url("tfmodel/get/latest/"));
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.Equal("attachment; filename=handwash.tflite", string.Join("", model.Content.Headers.GetValues("Content-Disposition")));
        Assert.Equal("TFL3-model-bytes", await model.Content.ReadAsStringAsync());
        var name2021 = System.Text.RegularExpressions.Regex.Match(
            string.Join("", model.Content.Headers.GetValues("Content-Disposition")), ".+filename=(.+?)\\..*").Groups[1].Value;
        Assert.Equal("handwash", name2021);

        using var settings = await app.Http.GetAsync(watch.Url("tfmodel/get/settings/"));
        Assert.Equal("attachment; filename=handwash.json", string.Join("", settings.Content.Headers.GetValues("Content-Disposition")));
        var parsed = await settings.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(150, parsed.GetProperty("frame_size").GetInt32());
        Assert.Equal([1, 4], parsed.GetProperty("required_sensors").EnumerateArray().Select(e => e.GetInt32()));

        using var check = await app.Http.GetAsync(watch.Url("tfmodel/check/latest/"));
        Assert.Equal("handwash.tflite", (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeModel").GetString());
    }

    [Fact]
    public async Task A_2022_watch_with_a_trailing_slash_server_name_pairs_uploads_and_gets_the_model()
    {
        await using var app = await TestApp.StartAsync();
        await KeepMicrophoneFilesAsSentAsync(app);
        var watch = SimulatedWatch.Of2022(app);
        Assert.Contains("//tokenauth", watch.Url("tokenauth/request/").AbsoluteUri, StringComparison.Ordinal);

        // Form-encoded "<device model>[<android_id>]".
        await watch.RequestTokenAsync("SM-R870+%5B3f2a9c0d11aa%5D");
        await app.GrantAsync("SM-R870 [3f2a9c0d11aa]");
        Assert.Equal("grant", (await watch.RequestTokenAsync("SM-R870+%5B3f2a9c0d11aa%5D")).GetProperty("status").GetString());

        var setId = await watch.NewSetAsync();
        const string stamp = "2022-05-01T10:00+0000";
        const string androidId = "3f2a9c0d11aa";
        var sent = new Dictionary<string, byte[]>
        {
            [$"ffmpeg_0_{stamp}_{androidId}.mkv"] = RandomNumberGenerator.GetBytes(200_000),
            [$"hand_wash_time_stamps_0_{stamp}_{androidId}.csv"] = "1650000000000000000\n"u8.ToArray(),
            [$"marker_time_stamps_0_{stamp}_{androidId}.csv"] = "1650000000000000001\n"u8.ToArray(),
            [$"bluetoothBeacons_0_{stamp}_{androidId}.csv"] = "beacon\n"u8.ToArray(),
            [$"overallEvaluation_0_{stamp}_{androidId}.csv"] = "ok\n"u8.ToArray(),
            [$"recording_mic_0_{stamp}_{androidId}.zip"] = RandomNumberGenerator.GetBytes(40_000),
            [$"metaInfo_0_{stamp}_{androidId}.json"] = """{"app":"2022"}"""u8.ToArray(),
            [$"android_sensor_gyroscope_0_{stamp}_{androidId}.zip"] = RandomNumberGenerator.GetBytes(70_000),
        };
        foreach (var (name, content) in sent)
        {
            // A retried upload run re-sends what may already have arrived: no duplicates.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                using var response = await watch.UploadAsync(setId, name, new StreamContent(new MemoryStream(content)));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        var stored = sent.ToDictionary(f => f.Key.Replace(':', '_'), f => f.Value);
        var zip = await app.SettledArchiveAsync(setId, stored.Keys);
        Assert.All(stored, file => Assert.Equal(file.Value, zip[file.Key]));

        await app.AddModelAsync("handwash_ort", "ort", "onnx-bytes"u8.ToArray());
        using var model = await app.Http.GetAsync(watch.Url("tfmodel/get/latest/?androidid=3f2a9c0d11aa"));
        var header = string.Join("", model.Content.Headers.GetValues("Content-Disposition"));
        Assert.Equal("attachment; filename=handwash_ort.ort", header);
        Assert.Equal("handwash_ort.ort", header[(header.IndexOf("filename=", StringComparison.Ordinal) + "filename=".Length)..]);
        using var check = await app.Http.GetAsync(watch.Url("tfmodel/check/latest/?androidid=unknown-id"));
        Assert.Equal("handwash_ort.ort", (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeModel").GetString());
        using var settings = await app.Http.GetAsync(watch.Url("tfmodel/get/settings/?androidid=unknown-id"));
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
    }

    /// <summary>These flows check every file the watch sends byte for byte in the zip, the microphone's too.</summary>
    private static async Task KeepMicrophoneFilesAsSentAsync(TestApp app) =>
        await app.Services.GetRequiredService<ConfigStore>().UpdateAsync(s => s with { RenameMicFiles = false, PackMicFiles = true });

    [Fact]
    public async Task Twenty_files_uploaded_concurrently_into_one_set_all_end_up_in_its_zip()
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        var files = Enumerable.Range(0, 20).ToDictionary(i => $"android_sensor_s{i}_0.zip", i => RandomNumberGenerator.GetBytes(50_000 + i * 1000));

        var responses = await Task.WhenAll(files.Select(f => watch.UploadAsync(setId, f.Key, f.Value)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var zip = await App.SettledArchiveAsync(setId, files.Keys);
        Assert.All(files, file => Assert.Equal(file.Value, zip[file.Key]));
        await Eventually.UntilAsync(
            "indexing all 20 files", async () => (await App.GetJsonAsync($"manage/api/recordings/{setId}")).GetProperty("fileCount").GetInt32(), count => count == 20);
    }

    [Fact]
    public async Task Without_a_model_the_model_endpoints_answer_404()
    {
        foreach (var path in new[] { "tfmodel/get/latest/", "tfmodel/get/settings/", "tfmodel/check/latest/" })
        {
            using var response = await App.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Health_answers_200_when_storage_is_reachable_and_503_when_it_is_not()
    {
        using var healthy = await App.Http.GetAsync("health");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);

        const string unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";
        await using var cut = await TestApp.StartAsync(new Dictionary<string, string?> { ["RecordingsStorage"] = unreachable });
        using var unhealthy = await cut.Http.GetAsync("health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
    }
}
