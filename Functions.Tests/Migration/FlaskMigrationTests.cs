using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RecordingFunctions.Migrate;
using RecordingFunctions.Storage;
using RecordingFunctions.Tests.Infrastructure;

namespace RecordingFunctions.Tests.Migration;

public sealed class FlaskMigrationTests : IDisposable
{
    private readonly DirectoryInfo _flask = Directory.CreateTempSubdirectory("flask-server-");

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
            var full = Path.Combine(_flask.FullName, "uploads", path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllBytesAsync(full, content);
        }

        var config = Path.Combine(_flask.FullName, "conf", "config.yml");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        await File.WriteAllTextAsync(config, "client_secret: flask-secret-of-the-study\nuser: study\nuser_pw: flask password\nhide_mic_files: False\n");

        await using var app = await TestApp.StartAsync();
        var output = new StringWriter();
        var exit = await MigrationCommand.RunAsync(
            ["import-flask", Path.Combine(_flask.FullName, "uploads"), "--config", config],
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
        await AdminApi.EventuallyAsync(
            async () => (await app.GetJsonAsync($"manage/api/recordings/{first}")).GetProperty("fileCount").GetInt32() == 3, "the index counting the new file");
        foreach (var setId in new[] { first, second })
        {
            Assert.Empty((await app.GetJsonAsync($"manage/api/recordings/{setId}")).GetProperty("deviceMarks").EnumerateArray());
        }
    }

    [Fact]
    public async Task Without_a_known_command_it_prints_the_usage_and_fails()
    {
        var output = new StringWriter();
        Assert.Equal(2, await MigrationCommand.RunAsync(["import"], null, output, CancellationToken.None));
        Assert.Contains("usage:", output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _flask.Delete(recursive: true);
}
