namespace RecordingFunctions.Tests.Watch;

/// <summary>
/// A set issued to one device that receives files from another, or a set uuid never issued here: every file is
/// stored (a watch whose wearer paired again keeps uploading its old sets), and the set is marked and audited. The
/// archive trigger audits a set's marks before it updates the zip, so a settled zip means the audit is written. Tests
/// that look at their own set alone share one app; one that lists all sets or devices has an app of its own.
/// </summary>
public sealed class SetOwnershipTests(SharedTestApp shared) : IClassFixture<SharedTestApp>
{
    private TestApp App => shared.App;

    [Fact]
    public async Task A_file_from_another_device_is_stored_and_marks_the_set_in_its_answers_and_the_audit_log_once()
    {
        await using var app = await TestApp.StartAsync();
        var owner = await app.PairedWatchAsync("owner-watch");
        var stranger = await app.PairedWatchAsync("stranger-watch");
        var setId = await owner.NewSetAsync();
        (await owner.UploadAsync(setId, "battery_0.csv", "1"u8.ToArray())).EnsureSuccessStatusCode();
        await app.SettledArchiveAsync(setId, ["battery_0.csv"]);
        Assert.Empty(Marks(await app.GetJsonAsync($"manage/api/recordings/{setId}")));

        using var foreign = await stranger.UploadAsync(setId, "prediction_0.csv", "2"u8.ToArray());
        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        (await stranger.UploadAsync(setId, "evaluation_0.csv", "3"u8.ToArray())).EnsureSuccessStatusCode();
        await app.SettledArchiveAsync(setId, ["battery_0.csv", "prediction_0.csv", "evaluation_0.csv"]);

        var detail = await SettledSetAsync(app, setId, 3);
        Assert.Equal("owner-watch", detail.GetProperty("device").GetString());
        Assert.Equal(["files from another device: stranger-watch"], Marks(detail));
        var listed = (await app.GetJsonAsync("manage/api/recordings")).GetProperty("sets").EnumerateArray().Single();
        Assert.Equal(["files from another device: stranger-watch"], Marks(listed));

        // One entry however many files and trigger deliveries there were.
        var entry = Assert.Single(await MarksAuditedAsync(app, setId));
        Assert.Equal("stranger-watch", entry.GetProperty("user").GetString());
        Assert.Contains("files from another device: stranger-watch", entry.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A watch re-sends a file whose answer it did not get; the re-sent file is newer than the device's first one was.
    /// The mark keeps the time it was first made, so the audit log still holds it once.
    /// </summary>
    [Fact]
    public async Task A_mark_stays_one_audit_entry_when_the_other_devices_first_file_is_sent_again()
    {
        var owner = await App.PairedWatchAsync("owner-watch");
        var stranger = await App.PairedWatchAsync("stranger-watch");
        var setId = await owner.NewSetAsync();
        (await owner.UploadAsync(setId, "battery_0.csv", "1"u8.ToArray())).EnsureSuccessStatusCode();
        (await stranger.UploadAsync(setId, "prediction_0.csv", "2"u8.ToArray())).EnsureSuccessStatusCode();
        (await stranger.UploadAsync(setId, "evaluation_0.csv", "3"u8.ToArray())).EnsureSuccessStatusCode();
        await App.SettledArchiveAsync(setId, ["battery_0.csv", "prediction_0.csv", "evaluation_0.csv"]);
        var first = Assert.Single(await MarksAuditedAsync(App, setId)).GetProperty("at").GetDateTimeOffset();

        (await stranger.UploadAsync(setId, "prediction_0.csv", "2 again"u8.ToArray())).EnsureSuccessStatusCode();
        await App.SettledArchiveAsync(setId, new Dictionary<string, byte[]>
        {
            ["battery_0.csv"] = "1"u8.ToArray(), ["prediction_0.csv"] = "2 again"u8.ToArray(), ["evaluation_0.csv"] = "3"u8.ToArray(),
        });

        var entry = Assert.Single(await MarksAuditedAsync(App, setId));
        Assert.Equal(first, entry.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(["files from another device: stranger-watch"], Marks(await SettledSetAsync(App, setId, 3)));
    }

    [Fact]
    public async Task A_watch_paired_again_keeps_uploading_its_old_set_and_the_set_says_so()
    {
        await using var app = await TestApp.StartAsync();
        var watch = await app.PairedWatchAsync("ward-watch");
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "battery_0.csv", "1"u8.ToArray())).EnsureSuccessStatusCode();
        var device = (await app.GetJsonAsync("manage/api/devices")).EnumerateArray().Single().GetProperty("id").GetString();
        (await app.Admin.DeleteAsync($"manage/api/devices/{device}")).EnsureSuccessStatusCode();
        var paired = await app.PairedWatchAsync("ward-watch");

        // The watch kept the set's uuid across the new pairing and sends the rest of its files with its new token.
        using var upload = await paired.UploadAsync(setId, "prediction_0.csv", "2"u8.ToArray());

        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var detail = await SettledSetAsync(app, setId, 2);
        Assert.Equal(["files from ward-watch paired anew (not the pairing the set was issued to)"], Marks(detail));
    }

    [Fact]
    public async Task A_set_uuid_never_issued_here_is_stored_and_marked()
    {
        var watch = await App.PairedWatchAsync("wandering-watch");
        var setId = Guid.NewGuid().ToString("D");

        using var upload = await watch.UploadAsync(setId, "battery_0.csv", "1"u8.ToArray());

        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var detail = await SettledSetAsync(App, setId, 1);
        Assert.Equal("wandering-watch", detail.GetProperty("device").GetString());
        Assert.Equal(["not issued by this server; files from wandering-watch"], Marks(detail));
        await App.SettledArchiveAsync(setId, ["battery_0.csv"]);
        Assert.Equal("wandering-watch", Assert.Single(await MarksAuditedAsync(App, setId)).GetProperty("user").GetString());
    }

    [Fact]
    public async Task A_set_a_watch_with_the_shared_secret_asked_for_and_filled_is_not_marked()
    {
        var legacy = SimulatedWatch.Of2021(App);
        legacy.Token = (await App.Services.GetConfigAsync()).ClientSecret;
        var setId = await legacy.NewSetAsync();

        (await legacy.UploadAsync(setId, "battery_0.csv", "1"u8.ToArray())).EnsureSuccessStatusCode();
        (await legacy.UploadAsync(setId, "prediction_0.csv", "2"u8.ToArray())).EnsureSuccessStatusCode();

        Assert.Empty(Marks(await SettledSetAsync(App, setId, 2)));
        await App.SettledArchiveAsync(setId, ["battery_0.csv", "prediction_0.csv"]);
        Assert.Empty(await MarksAuditedAsync(App, setId));
    }

    [Fact]
    public void An_imported_set_a_watch_goes_on_filling_is_marked_only_when_a_second_device_joins()
    {
        var start = ManualClock.StudyStart;
        SetUploader[] imported = [new(RecordingBlobMetadata.ImportedDevice, RecordingBlobMetadata.ImportedDevice, start)];
        var continued = imported.Append(new SetUploader("device-a", "SM-R860", start.AddDays(1))).ToList();

        Assert.Empty(SetDeviceMarks.For(null, RecordingBlobMetadata.ImportedDevice, imported, hasImportedFiles: true, earlier: []));
        Assert.Empty(SetDeviceMarks.For(null, RecordingBlobMetadata.ImportedDevice, continued, hasImportedFiles: true, earlier: []));
        var mark = Assert.Single(SetDeviceMarks.For(
            null, RecordingBlobMetadata.ImportedDevice, continued.Append(new SetUploader("device-b", "SM-R870", start.AddDays(2))), hasImportedFiles: true, earlier: []));
        Assert.Equal(("device-b", "files from another device: SM-R870", start.AddDays(2)), (mark.DeviceId, mark.Text, mark.Since));
    }

    [Fact]
    public void A_set_issued_to_the_shared_secret_is_marked_when_a_paired_device_sends_into_it()
    {
        var start = ManualClock.StudyStart;
        SetUploader[] uploaders = [new("shared-secret", "watch with the shared secret", start), new("device-a", "SM-R860", start.AddHours(1))];

        var mark = Assert.Single(SetDeviceMarks.For("shared-secret", "watch with the shared secret", uploaders, hasImportedFiles: false, earlier: []));

        Assert.Equal("files from another device: SM-R860", mark.Text);
    }

    /// <summary>The set once its index row counts <paramref name="files"/> files (the index follows uploads a moment later).</summary>
    private static Task<JsonElement> SettledSetAsync(TestApp app, string setId, int files) =>
        Eventually.UntilAsync(
            $"set {setId} counting {files} files",
            async () =>
            {
                using var response = await app.Admin.GetAsync($"manage/api/recordings/{setId}");
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            },
            detail => detail.ValueKind == JsonValueKind.Object && detail.GetProperty("fileCount").GetInt32() == files);

    /// <summary>The audit log's entries about this set's devices (downloads of its zip are audited too).</summary>
    private static async Task<List<JsonElement>> MarksAuditedAsync(TestApp app, string setId) =>
        [.. (await app.GetJsonAsync($"manage/api/audit?search={setId}")).EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "set from an unexpected device")];

    private static string[] Marks(JsonElement set) =>
        [.. set.GetProperty("deviceMarks").EnumerateArray().Select(m => m.GetString()!)];
}
