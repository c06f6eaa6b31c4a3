using System.Security.Cryptography;
using RecordingFunctions.Archive;
using RecordingFunctions.Tests.Archive;

namespace RecordingFunctions.Tests.Participants;

/// <summary>A participant's data as one zip: POST manage/api/participants/{id}/export and the read link it answers with.</summary>
public sealed class ParticipantExportTests
{
    private const int SmallRange = 64 * 1024;
    private const string MicrophoneFile = "recording_mic_0_2022-05-01T10:00+0000_f00d.zip";

    [Fact]
    public async Task The_export_holds_every_file_of_every_set_under_its_uuid_byte_identical_with_the_sets_csv_and_microphone_files_only_when_packed()
    {
        await using var app = await TestApp.StartAsync(services: s => s.AddSingleton(new ArchiveOptions { RangeSize = SmallRange }));
        var anna = (await app.CreateParticipantAsync("Anna", ParticipantWatch.NewAndroidId())).GetProperty("id").GetString()!;
        var watch = await app.PairedWatchAsync();
        var first = await watch.NewSetAsync();
        var second = await watch.NewSetAsync();
        var sent = new Dictionary<string, byte[]>
        {
            [$"{first}/battery_0.csv"] = "1\t97\n"u8.ToArray(),
            [$"{first}/video_0.mkv"] = RandomNumberGenerator.GetBytes((3 * SmallRange) + 1234), // four Put Block From URL ranges
            [$"{second}/battery_0.csv"] = "2\t96\n"u8.ToArray(),
        };
        foreach (var (path, content) in sent)
        {
            using var upload = await watch.UploadAsync(path[..36], path[37..], content);
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        var microphone = RandomNumberGenerator.GetBytes(5000);
        (await watch.UploadAsync(second, MicrophoneFile, microphone)).EnsureSuccessStatusCode();
        using (var assigned = await app.Admin.PostAsJsonAsync($"manage/api/participants/{anna}/assign", new { sets = new[] { first, second } }))
        {
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }

        await app.IndexSettledAsync(first, files: 2);
        await app.IndexSettledAsync(second, files: 2);

        // pack_mic_files is off by default: the microphone file stays out, as it does of the set's zip.
        var export = await ExportAsync(app, anna);
        Assert.Equal((2, 3), (export.GetProperty("sets").GetInt32(), export.GetProperty("files").GetInt32()));
        Assert.Matches($"^participant-{anna}-[0-9]{{8}}T[0-9]{{9}}Z\\.zip$", export.GetProperty("fileName").GetString());
        Assert.InRange(export.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(15));
        var zip = await DownloadAsync(export);
        Assert.Equal(export.GetProperty("bytes").GetInt64(), zip.Length);
        ZipAssert.PassesUnzipTest(zip);
        var csvName = $"participant-{anna}-sets.csv";
        ZipAssert.HoldsExactly(zip, new Dictionary<string, byte[]>(sent) { [csvName] = await SetsCsvAsync(app, anna) });

        await app.Services.GetRequiredService<ConfigStore>().UpdateAsync(s => s with { PackMicFiles = true });
        var packed = await ExportAsync(app, anna);
        Assert.Equal(4, packed.GetProperty("files").GetInt32());
        var packedZip = await DownloadAsync(packed);
        ZipAssert.PassesUnzipTest(packedZip);
        var storedMicrophone = $"{second}/{await StoredMicrophoneNameAsync(app, second)}";
        ZipAssert.HoldsExactly(packedZip, new Dictionary<string, byte[]>(sent) { [storedMicrophone] = microphone, [csvName] = await SetsCsvAsync(app, anna) });

        // Exports do not pile up: the new one replaced the first, whose link now finds nothing.
        Assert.Equal([packed.GetProperty("fileName").GetString()!], await ExportNamesAsync(app));
        using var plain = new HttpClient();
        using var gone = await plain.GetAsync(export.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var audit = await app.GetJsonAsync("manage/api/audit?search=exported");
        Assert.Equal(2, audit.EnumerateArray().Count());
    }

    [Fact]
    public async Task The_link_reads_only_its_zip_and_cannot_write()
    {
        await using var app = await TestApp.StartAsync();
        var bea = (await app.CreateParticipantAsync("Bea", ParticipantWatch.NewAndroidId())).GetProperty("id").GetString()!;
        var export = await ExportAsync(app, bea);
        var link = new Uri(export.GetProperty("url").GetString()!);
        Assert.Contains("sp=r&", link.Query + "&", StringComparison.Ordinal);

        using var plain = new HttpClient();
        using var write = new HttpRequestMessage(HttpMethod.Put, link) { Content = new ByteArrayContent("overwritten"u8.ToArray()) };
        write.Headers.Add("x-ms-blob-type", "BlockBlob");
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.SendAsync(write)).StatusCode);
        var recordings = new UriBuilder(link) { Path = $"{link.AbsolutePath[..link.AbsolutePath.LastIndexOf('/')]}/other.zip" }.Uri;
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.GetAsync(recordings)).StatusCode);
        ZipAssert.PassesUnzipTest(await DownloadAsync(export));
    }

    [Fact]
    public async Task A_participant_without_sets_gets_the_csv_alone_and_an_export_goes_after_a_day_whoever_it_belongs_to()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(clock: clock);
        var cleo = (await app.CreateParticipantAsync("Cleo", ParticipantWatch.NewAndroidId())).GetProperty("id").GetString()!;
        var someoneElses = app.Containers.Exports.GetBlobClient($"participant-{Guid.NewGuid():N}-20260301T080000000Z.zip");
        await someoneElses.UploadAsync(new BinaryData("an earlier export"u8.ToArray()));

        var export = await ExportAsync(app, cleo);
        Assert.Equal((0, 0), (export.GetProperty("sets").GetInt32(), export.GetProperty("files").GetInt32()));
        var zip = await DownloadAsync(export);
        ZipAssert.PassesUnzipTest(zip);
        var csv = await SetsCsvAsync(app, cleo);
        Assert.Single(System.Text.Encoding.UTF8.GetString(csv).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        ZipAssert.HoldsExactly(zip, new Dictionary<string, byte[]> { [$"participant-{cleo}-sets.csv"] = csv });
        Assert.Equal(2, (await ExportNamesAsync(app)).Count);

        clock.Advance(ParticipantExporter.MaxAge + TimeSpan.FromMinutes(1));
        var next = await ExportAsync(app, cleo);
        Assert.Equal([next.GetProperty("fileName").GetString()!], await ExportNamesAsync(app));
    }

    [Fact]
    public async Task An_unknown_participant_a_stranger_and_a_foreign_page_are_refused_and_nothing_is_written()
    {
        await using var app = await TestApp.StartAsync();
        var dora = (await app.CreateParticipantAsync("Dora", ParticipantWatch.NewAndroidId())).GetProperty("id").GetString()!;

        using (var unknown = await app.Admin.PostAsync("manage/api/participants/no-such-participant/export", null))
        {
            await unknown.AssertJsonErrorAsync(HttpStatusCode.NotFound);
        }

        using var withoutPassword = new HttpRequestMessage(HttpMethod.Post, $"manage/api/participants/{dora}/export");
        withoutPassword.Headers.Add("X-Requested-With", "tests");
        using (var stranger = await app.Http.SendAsync(withoutPassword))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
        }

        using var foreign = new HttpRequestMessage(HttpMethod.Post, $"manage/api/participants/{dora}/export");
        foreign.Headers.Add("Origin", "https://evil.example");
        using (var refused = await app.Admin.SendAsync(foreign))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Empty(await ExportNamesAsync(app));
    }

    [Fact]
    public async Task An_export_that_would_need_more_blocks_than_a_blob_holds_is_refused_and_the_last_export_stays()
    {
        // Each set's one file needs a header and a data block; with the CSV and the directory, one set needs four
        // blocks and two sets six, over this limit of five (the set archives, three blocks each, stay under it).
        await using var app = await TestApp.StartAsync(services: s => s.AddSingleton(new ArchiveOptions { MaxBlocks = 5 }));
        var emil = (await app.CreateParticipantAsync("Emil", ParticipantWatch.NewAndroidId())).GetProperty("id").GetString()!;
        var watch = await app.PairedWatchAsync();
        var sets = new List<string>();
        foreach (var battery in new[] { "1\t97\n", "2\t96\n" })
        {
            var setId = await watch.NewSetAsync();
            (await watch.UploadAsync(setId, "battery_0.csv", System.Text.Encoding.UTF8.GetBytes(battery))).EnsureSuccessStatusCode();
            sets.Add(setId);
            using var assigned = await app.Admin.PostAsJsonAsync($"manage/api/participants/{emil}/assign", new { sets = new[] { setId } });
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);

            // A set is listed (and so exported) once the trigger indexed its first file.
            await Eventually.UntilAsync(
                $"set {setId} listed under its participant", () => app.SetsOfAsync(emil), listed => listed.Contains(setId), listed => $"[{string.Join(", ", listed)}]");
            if (sets.Count == 1)
            {
                await ExportAsync(app, emil);
            }
        }

        var before = await ExportNamesAsync(app);
        Assert.Single(before);
        using var refused = await app.Admin.PostAsync($"manage/api/participants/{emil}/export", null);
        var message = await refused.AssertJsonErrorAsync(HttpStatusCode.Conflict);
        Assert.Contains("too large for one zip", message, StringComparison.Ordinal);
        Assert.Contains("6 blocks", message, StringComparison.Ordinal);
        Assert.Equal(before, await ExportNamesAsync(app));
    }

    private static async Task<JsonElement> ExportAsync(TestApp app, string participantId)
    {
        using var response = await app.Admin.PostAsync($"manage/api/participants/{participantId}/export", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Fetches the zip as a browser would: through the link alone, without the app's credentials.</summary>
    private static async Task<byte[]> DownloadAsync(JsonElement export)
    {
        using var plain = new HttpClient();
        using var response = await plain.GetAsync(export.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(export.GetProperty("fileName").GetString(), response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<byte[]> SetsCsvAsync(TestApp app, string participantId)
    {
        using var response = await app.Admin.GetAsync($"manage/api/participants/{participantId}/sets.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<List<string>> ExportNamesAsync(TestApp app)
    {
        var names = new List<string>();
        await foreach (var blob in app.Containers.Exports.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>Microphone files are stored under a name of their own (rename_mic_files).</summary>
    private static async Task<string> StoredMicrophoneNameAsync(TestApp app, string setId)
    {
        await foreach (var blob in app.Containers.Recordings.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = setId + "/" }))
        {
            if (blob.Name[37..].StartsWith("mic_", StringComparison.Ordinal))
            {
                return blob.Name[37..];
            }
        }

        Assert.Fail($"set {setId} has no microphone file");
        return "";
    }
}
