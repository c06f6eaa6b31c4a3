using System.Security.Cryptography;
using RecordingFunctions.Tests.Archive;
using RecordingFunctions.Tests.Participants;

namespace RecordingFunctions.Tests.RealHost;

/// <summary>A participant's export through the real Azure Functions host.</summary>
[Collection(SharedRealHost.Name)]
public sealed class RealHostExportTests(RealHostFixture host)
{
    private FunctionsHostApp App => host.App;

    [Fact]
    public async Task A_participants_export_is_composed_and_its_link_gives_a_zip_with_every_file_byte_identical()
    {
        var participant = (await App.CreateParticipantAsync("Real " + Guid.NewGuid().ToString("N")[..6], ParticipantWatch.NewAndroidId()))
            .GetProperty("id").GetString()!;
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        var files = new Dictionary<string, byte[]>
        {
            ["sensor_recording_android_0.mkv"] = RandomNumberGenerator.GetBytes(300_000),
            ["sensor_recording_battery_0.csv"] = "t\tlevel\n1\t99\n"u8.ToArray(),
        };
        foreach (var (name, content) in files)
        {
            (await watch.UploadAsync(setId, name, content)).EnsureSuccessStatusCode();
        }

        using (var assigned = await App.Admin.PostAsJsonAsync($"manage/api/participants/{participant}/assign", new { sets = new[] { setId } }))
        {
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }

        await App.SettledArchiveAsync(setId, files.Keys);
        await App.IndexSettledAsync(setId, files.Count);
        using var response = await App.Admin.PostAsync($"manage/api/participants/{participant}/export", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var export = await response.Content.ReadFromJsonAsync<JsonElement>();

        using var plain = new HttpClient();
        var zip = await plain.GetByteArrayAsync(export.GetProperty("url").GetString());
        ZipAssert.PassesUnzipTest(zip);
        var expected = files.ToDictionary(file => $"{setId}/{file.Key}", file => file.Value);
        expected[$"participant-{participant}-sets.csv"] = await App.Admin.GetByteArrayAsync($"manage/api/participants/{participant}/sets.csv");
        ZipAssert.HoldsExactly(zip, expected);
    }
}
