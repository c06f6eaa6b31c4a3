using RecordingFunctions.Migrate;

namespace RecordingFunctions.Tests.Migration;

public sealed class FlaskMigrationTests : IDisposable
{
    private readonly FlaskServerFolder _flask = new();

    [Fact]
    public async Task A_Flask_servers_folders_and_config_are_imported_indexed_and_zipped()
    {
        var first = Guid.NewGuid().ToString("D");
        var second = Guid.NewGuid().ToString("D");
        var files = new Dictionary<string, byte[]>
        {
            [$"recordings/{first}/sensor_recording_android_0.mkv"] = System.Security.Cryptography.RandomNumberGenerator.GetBytes(100_000),
            [$"recordings/{first}/android_sensor_accelerometer_0.zip"] = System.Security.Cryptography.RandomNumberGenerator.GetBytes(30_000),
            [$"recordings/{first}/{first}.zip"] = "the Flask server's own zip"u8.ToArray(),
            [$"recordings/{first}/.DS_Store"] = "left by a Mac that copied the folder"u8.ToArray(),
            [$"recordings/{second}/battery_0_2022-05-01T10:00+0000_f00d.csv"] = "battery"u8.ToArray(),
            [$"tf_models/{second}/personal.tflite"] = "model"u8.ToArray(),
            ["recordings/not-a-set/stray.csv"] = "stray"u8.ToArray(),
        };
        foreach (var (path, content) in files)
        {
            _flask.Write(path, content);
        }

        var config = Path.Combine(_flask.Root, "conf", "config.yml");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        await File.WriteAllTextAsync(config, "client_secret: flask-secret-of-the-study\nuser: study\nuser_pw: flask password\nhide_mic_files: False\n");

        await using var app = await TestApp.StartAsync();
        var output = new StringWriter();
        var exit = await MigrationCommand.RunAsync(
            ["import-flask", _flask.Uploads, "--config", config],
            new Dictionary<string, string?> { ["RecordingsStorage"] = Azurite.ConnectionString, ["Recordings:Storage:Prefix"] = app.Prefix },
            output,
            CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("Copied 4 files of 2 sets and the configuration.", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Rebuilt the index and zips of 2 sets.", output.ToString(), StringComparison.Ordinal);
        // Whatever is not copied is named with the reason.
        Assert.Contains("not-a-set: not a set uuid", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{first}.zip: the Flask server's own zip", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(".DS_Store: ", output.ToString(), StringComparison.Ordinal);

        app.Admin.DefaultRequestHeaders.Authorization = TestApp.BasicAuth("study", "flask password");
        var sets = (await app.GetJsonAsync("manage/api/recordings")).GetProperty("sets").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToHashSet();
        Assert.Equal(new[] { first, second }.Order(), sets.Order());
        var zip = await app.SettledArchiveAsync(first, ["sensor_recording_android_0.mkv", "android_sensor_accelerometer_0.zip"]);
        Assert.Equal(files[$"recordings/{first}/sensor_recording_android_0.mkv"], zip["sensor_recording_android_0.mkv"]);
        await app.SettledArchiveAsync(second, ["battery_0_2022-05-01T10_00+0000_f00d.csv"]);
        Assert.True(await app.Containers.Models.GetBlobClient($"{second}/personal.tflite").ExistsAsync());
        Assert.Equal("flask-secret-of-the-study", (await app.Services.GetRequiredService<ConfigStore>().GetAsync()).ClientSecret);

        // Watches still holding the Flask secret keep uploading into the imported sets.
        var legacy = SimulatedWatch.Of2021(app);
        legacy.Token = "flask-secret-of-the-study";
        using var upload = await legacy.UploadAsync(first, "sensor_recording_battery_0.csv", "more"u8.ToArray());
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);

        // The Flask server issued these uuids, not this app; an imported set, also one its watch goes on filling, is not marked.
        await app.SettledArchiveAsync(first, ["sensor_recording_android_0.mkv", "android_sensor_accelerometer_0.zip", "sensor_recording_battery_0.csv"]);
        await Eventually.UntilAsync(
            "the index counting the new file", async () => (await app.GetJsonAsync($"manage/api/recordings/{first}")).GetProperty("fileCount").GetInt32(), count => count == 3);
        foreach (var setId in new[] { first, second })
        {
            Assert.Empty((await app.GetJsonAsync($"manage/api/recordings/{setId}")).GetProperty("deviceMarks").EnumerateArray());
        }
    }

    /// <summary>The files the Flask server generated from a set's files are not recordings; each is named with the reason.</summary>
    [Fact]
    public async Task Files_the_flask_server_generated_are_skipped_and_named_and_the_watchs_files_imported()
    {
        var set = Guid.NewGuid().ToString("D");
        string[] watchFiles = ["android_sensor_accelerometer_0_2021-05-01T10:00+0000_f00d.zip", "battery_0_2021-05-01T10:00+0000_f00d.csv", "README.md"];
        string[] generated =
        [
            $".{set}.zip", $"{set}.zip", "sensor_data.npy", "sensor_data_flattened.npy", "data_array_acc.npy", "data_plot.png", "data_plot.svg",
            "evaluation_graph.png", "complete_dataset.zip", "complete_dataset_labeled.zip",
        ];
        foreach (var file in watchFiles.Concat(generated))
        {
            _flask.Write($"recordings/{set}/{file}", System.Text.Encoding.UTF8.GetBytes(file));
        }

        _flask.Write("recordings/stray.csv", "loose"u8.ToArray());
        _flask.Write("participants/1/evaluation_graph.png", "the 2024 server's participants"u8.ToArray());

        await using var app = await TestApp.StartAsync();
        var output = await _flask.ImportAsync(app);

        Assert.Contains("Copied 3 files of 1 sets.", output, StringComparison.Ordinal);
        Assert.Contains($"{set}.zip: the Flask server's own zip of the set", output, StringComparison.Ordinal);
        Assert.Contains($".{set}.zip: the Flask server's own zip of the set", output, StringComparison.Ordinal);
        foreach (var file in new[] { "sensor_data.npy", "sensor_data_flattened.npy", "data_array_acc.npy" })
        {
            Assert.Contains($"{file}: a NumPy array the Flask server computed", output, StringComparison.Ordinal);
        }

        foreach (var file in new[] { "data_plot.png", "data_plot.svg", "evaluation_graph.png" })
        {
            Assert.Contains($"{set}{Path.DirectorySeparatorChar}{file}: a plot the Flask server drew", output, StringComparison.Ordinal);
        }

        Assert.Contains("complete_dataset.zip: the Flask server's single-file dataset", output, StringComparison.Ordinal);
        Assert.Contains("complete_dataset_labeled.zip: the Flask server's single-file dataset", output, StringComparison.Ordinal);
        Assert.Contains("stray.csv: not in a set's folder", output, StringComparison.Ordinal);
        Assert.Contains("participants: not one of the folders the import reads", output, StringComparison.Ordinal);
        // The Flask server's README.md is the set's description, which travels in the zip too.
        await app.SettledArchiveAsync(set, [.. watchFiles.Select(f => f.Replace(':', '_'))]);
        var stored = new List<string>();
        await foreach (var blob in app.Containers.Recordings.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = set + "/" }))
        {
            stored.Add(blob.Name[(set.Length + 1)..]);
        }

        Assert.Equal(watchFiles.Select(f => f.Replace(':', '_')).Order(), stored.Order());
    }

    /// <summary>
    /// Names a Linux disk tells apart but a stored name does not (':' becomes '_', a trailing dot goes) are both kept,
    /// as for uploads; importing again replaces each file with itself.
    /// </summary>
    [Fact]
    public async Task Flask_files_whose_names_become_one_stored_name_are_both_imported_and_a_second_import_replaces_them()
    {
        var set = Guid.NewGuid().ToString("D");
        foreach (var name in new[] { "a:b.csv", "a_b.csv", "x.csv.", "x.csv" })
        {
            _flask.Write($"recordings/{set}/{name}", System.Text.Encoding.UTF8.GetBytes($"content of {name}"));
        }

        await using var app = await TestApp.StartAsync();
        await _flask.ImportAsync(app);
        var output = await _flask.ImportAsync(app);

        Assert.Contains("Copied 4 files of 1 sets.", output, StringComparison.Ordinal);
        var zip = await app.SettledArchiveAsync(set, ["a_b.csv", "a_b (2).csv", "x.csv", "x (2).csv"]);
        Assert.Equal(
            ["content of a:b.csv", "content of a_b.csv", "content of x.csv", "content of x.csv."],
            zip.Values.Select(v => System.Text.Encoding.UTF8.GetString(v)).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The Flask server's page kept its models flat in tf_models/, each beside its settings; it served the newest. Each
    /// becomes a library model served as NAME.ENDING, the newest a watch can load the active one.
    /// </summary>
    [Fact]
    public async Task The_flat_tf_models_folder_becomes_the_model_library_with_the_newest_active_and_every_skip_named()
    {
        var now = DateTime.UtcNow;
        const string april2021 = """{"frame_size": 100, "positive_prediction_time": 10, "positive_prediction_counter": 3, "notification_cool_down": 30, "required_sensors": [1, 4]}""";
        const string since2021 = """{"frame_size": 150, "mean_threshold": 0.6, "mean_kernel_size": 25, "notification_cool_down": 60, "required_sensors": [1, 4]}""";
        WriteModel("april.tflite", "april model"u8.ToArray(), april2021, now.AddDays(-4));
        WriteModel("hand.wash.v2.tflite", "dotted"u8.ToArray(), april2021, now.AddDays(-3));
        WriteModel("running_mean.ort", "ort model"u8.ToArray(), since2021, now.AddDays(-1));
        WriteModel("running_mean.tflite", "same stem"u8.ToArray(), since2021, now.AddDays(-2));
        WriteModel("convlstm_filter.pt", "torch"u8.ToArray(), since2021, now);
        WriteModel("broken.tflite", "x"u8.ToArray(), """{"frame_size": "big"}""", now);
        _flask.Write("tf_models/no_settings.tflite", "x"u8.ToArray());
        _flask.Write("tf_models/orphan.json", "{}"u8.ToArray());
        _flask.Write("tf_models/notes.txt", "x"u8.ToArray());
        var set = Guid.NewGuid().ToString("D");
        _flask.Write($"tf_models/{set}/personal.tflite", "uploaded into a set"u8.ToArray());

        await using var app = await TestApp.StartAsync();
        var output = await _flask.ImportAsync(app);

        Assert.Contains("Imported 5 models into the library: april.tflite, convlstm_filter.pt, hand_wash_v2.tflite, running_mean.ort, running_mean_tflite.tflite.", output, StringComparison.Ordinal);
        Assert.Contains("The watches now get running_mean.ort.", output, StringComparison.Ordinal);
        Assert.Contains("hand.wash.v2.tflite as hand_wash_v2.tflite: a model's name has only letters", output, StringComparison.Ordinal);
        Assert.Contains("running_mean.tflite as running_mean_tflite.tflite: another model of the folder has its name", output, StringComparison.Ordinal);
        Assert.Contains("broken.tflite: its settings broken.json are refused: 'frame_size' must be a whole number", output, StringComparison.Ordinal);
        Assert.Contains("no_settings.tflite: a model without its settings no_settings.json beside it", output, StringComparison.Ordinal);
        Assert.Contains("orphan.json: model settings without a model beside them", output, StringComparison.Ordinal);
        Assert.Contains("notes.txt: neither a model", output, StringComparison.Ordinal);
        Assert.True(await app.Containers.Models.GetBlobClient($"{set}/personal.tflite").ExistsAsync());

        using (var model = await app.Http.GetAsync("tfmodel/get/latest/"))
        {
            Assert.Equal(["attachment; filename=running_mean.ort"], model.Content.Headers.GetValues("Content-Disposition"));
            Assert.Equal("ort model", await model.Content.ReadAsStringAsync());
        }

        using (var check = await app.Http.GetAsync("tfmodel/check/latest/"))
        {
            Assert.Equal("running_mean.ort", (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeModel").GetString());
        }

        var library = (await app.GetJsonAsync("manage/api/models")).EnumerateArray().ToDictionary(m => m.GetProperty("fileName").GetString()!);
        Assert.Equal(["april.tflite", "convlstm_filter.pt", "hand_wash_v2.tflite", "running_mean.ort", "running_mean_tflite.tflite"], library.Keys.Order(StringComparer.Ordinal));
        Assert.All(library.Keys, name => Assert.Matches("^[A-Za-z0-9_-]+\\.(tflite|ort|pt)$", name));
        Assert.Equal(["positive_prediction_time", "positive_prediction_counter"], library["running_mean.ort"].GetProperty("missingKeys").EnumerateArray().Select(k => k.GetString()));
        Assert.Empty(library["april.tflite"].GetProperty("missingKeys").EnumerateArray());
        Assert.False(library["convlstm_filter.pt"].GetProperty("loadableByWatches").GetBoolean());
        Assert.Equal(now.AddDays(-4), library["april.tflite"].GetProperty("uploadedAt").GetDateTimeOffset().UtcDateTime, TimeSpan.FromSeconds(1));

        // Running it again changes nothing.
        Assert.Contains("The watches now get running_mean.ort.", await _flask.ImportAsync(app), StringComparison.Ordinal);
        Assert.Equal(5, (await app.GetJsonAsync("manage/api/models")).GetArrayLength());
    }

    [Fact]
    public async Task With_no_activate_the_models_are_added_and_the_active_one_stays()
    {
        WriteModel("flask_model.tflite", "flask"u8.ToArray(), AdminApi.DefaultModelSettings, DateTime.UtcNow);
        await using var app = await TestApp.StartAsync();
        var empty = await _flask.ImportAsync(app, "--no-activate");

        Assert.Contains("Imported 1 models into the library: flask_model.tflite.", empty, StringComparison.Ordinal);
        Assert.Contains("The active model is unchanged (--no-activate).", empty, StringComparison.Ordinal);
        using (var none = await app.Http.GetAsync("tfmodel/check/latest/"))
        {
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        }

        await app.AddModelAsync("current", "tflite", [1, 2, 3]);
        await _flask.ImportAsync(app, "--no-activate");
        using var check = await app.Http.GetAsync("tfmodel/check/latest/");
        Assert.Equal("current.tflite", (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeModel").GetString());
    }

    [Theory]
    [InlineData("import")]
    [InlineData("import-flask", "uploads", "--activate")]
    [InlineData("import-flask", "uploads", "--config")]
    [InlineData("import-flask", "uploads", "--no-activate", "--no-activate")]
    [InlineData("import-flask", "uploads", "--database")]
    [InlineData("import-flask", "uploads", "--database", "a.db", "--database", "b.db")]
    public async Task Without_a_known_command_or_option_it_prints_the_usage_and_fails(params string[] args)
    {
        var output = new StringWriter();
        Assert.Equal(2, await MigrationCommand.RunAsync(args, null, output, CancellationToken.None));
        Assert.Contains("usage:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("[--config <config.yml>] [--database <sensor_recorder.db>] [--no-activate]", output.ToString(), StringComparison.Ordinal);
    }

    private void WriteModel(string fileName, byte[] content, string settings, DateTime time)
    {
        _flask.Write($"tf_models/{fileName}", content);
        File.SetLastWriteTimeUtc(Path.Combine(_flask.Uploads, "tf_models", fileName), time);
        _flask.Write($"tf_models/{Path.GetFileNameWithoutExtension(fileName)}.json", System.Text.Encoding.UTF8.GetBytes(settings));
    }

    public void Dispose() => _flask.Dispose();
}
