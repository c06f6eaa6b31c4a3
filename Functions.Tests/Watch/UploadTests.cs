using System.IO.Pipelines;
using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace RecordingFunctions.Tests.Watch;

/// <summary>
/// Uploads as the watch sends them (protocol section 3). Tests that look only at their own set under the default
/// settings share one app; one that changes the settings or counts the app's devices has an app of its own.
/// </summary>
public sealed class UploadTests(SharedTestApp shared) : IClassFixture<SharedTestApp>
{
    private TestApp App => shared.App;

    [Fact]
    public async Task An_upload_is_stored_whole_with_its_checksum_and_size_in_the_blob_metadata()
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        var content = RandomNumberGenerator.GetBytes(9 * 1024 * 1024 + 17);

        using var response = await watch.UploadAsync(setId, "sensor_recording_battery_0.csv", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var properties = await AssertStoredWithChecksumAsync(App.Containers.Recordings.GetBlobClient($"{setId}/sensor_recording_battery_0.csv"), content);
        Assert.Equal("text/csv", properties.ContentType);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 3)]
    public async Task A_file_larger_than_a_block_goes_up_in_one_streamed_put_when_the_body_declares_its_length_and_in_blocks_otherwise(
        bool lengthDeclared, int committedBlocks)
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        var content = RandomNumberGenerator.GetBytes((9 * 1024 * 1024) + 17);
        HttpContent file = lengthDeclared
            ? new ByteArrayContent(content)
            : new StreamContent(PipeReader.Create(new MemoryStream(content)).AsStream());

        using var response = await watch.UploadAsync(setId, "ffmpeg_0_2022-05-01T10_00+0000_f00d.mkv", file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var blob = App.Containers.Recordings.GetBlockBlobClient($"{setId}/ffmpeg_0_2022-05-01T10_00+0000_f00d.mkv");
        await AssertStoredWithChecksumAsync(blob, content);
        Assert.Equal(committedBlocks, (await blob.GetBlockListAsync(BlockListTypes.Committed)).Value.CommittedBlocks.Count());
        await App.SettledArchiveAsync(setId, ["ffmpeg_0_2022-05-01T10_00+0000_f00d.mkv"]);
    }

    [Fact]
    public async Task Sending_the_same_file_again_replaces_it_without_duplicates()
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();

        (await watch.UploadAsync(setId, "battery_0_2022-05-01T10:00+0000_abc.csv", "first"u8.ToArray())).Dispose();
        (await watch.UploadAsync(setId, "battery_0_2022-05-01T10:00+0000_abc.csv", "second"u8.ToArray())).Dispose();

        var names = new List<string>();
        await foreach (var blob in App.Containers.Recordings.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = setId + "/" }))
        {
            names.Add(blob.Name);
        }

        Assert.Equal([$"{setId}/battery_0_2022-05-01T10_00+0000_abc.csv"], names);
        var stored = await App.Containers.Recordings.GetBlobClient(names[0]).DownloadContentAsync();
        Assert.Equal("second", stored.Value.Content.ToString());
        // The zip first follows the first version, then the second: wait for the second rather than the name.
        await App.SettledArchiveAsync(setId, new Dictionary<string, byte[]> { ["battery_0_2022-05-01T10_00+0000_abc.csv"] = "second"u8.ToArray() });
        var set = await App.Services.GetRequiredService<SetQueries>().GetAsync(SetId.Parse(setId), CancellationToken.None);
        Assert.Equal(1, set!.FileCount);
    }

    /// <summary>Each rule of the stored name is <see cref="UploadFileNameTests"/>; here a name as the 2022 app sends it, and one in UTF-8.</summary>
    [Theory]
    [InlineData("ffmpeg_0_2022-05-01T10:00+0000_f00d.mkv", "ffmpeg_0_2022-05-01T10_00+0000_f00d.mkv")]
    [InlineData("Aufnahme Mürz.csv", "Aufnahme Mürz.csv")]
    public async Task Names_keep_what_is_safe_and_replace_what_Windows_forbids_the_same_way_every_time(string sent, string stored)
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();

        using var response = await watch.UploadAsync(setId, sent, "x"u8.ToArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await App.Containers.Recordings.GetBlobClient($"{setId}/{stored}").ExistsAsync());
    }

    /// <summary>Only the library's models are served: a watch's upload never becomes the name other watches get.</summary>
    [Fact]
    public async Task A_model_a_watch_uploads_goes_to_tf_models_under_its_set_and_is_not_served()
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();

        using var response = await watch.UploadAsync(setId, "personal_model.tflite", "model"u8.ToArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await App.Containers.Models.GetBlobClient($"{setId}/personal_model.tflite").ExistsAsync());
        Assert.False(await App.Containers.Recordings.GetBlobClient($"{setId}/personal_model.tflite").ExistsAsync());
        using var check = await App.Http.GetAsync("tfmodel/check/latest/");
        Assert.Equal(HttpStatusCode.NotFound, check.StatusCode);
    }

    [Fact]
    public async Task By_default_a_microphone_file_is_renamed_hidden_and_left_out_of_the_zip()
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();

        using var response = await watch.UploadAsync(setId, "recording_mic_0_2022-05-01T10:00+0000_f00d.zip", "audio"u8.ToArray());
        (await watch.UploadAsync(setId, "battery_0.csv", "b"u8.ToArray())).Dispose();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = new List<string>();
        await foreach (var blob in App.Containers.Recordings.GetBlobsAsync(new GetBlobsOptions { Prefix = setId + "/" }))
        {
            stored.Add(blob.Name[(setId.Length + 1)..]);
        }

        var pseudonym = Assert.Single(stored, name => name.StartsWith("mic_", StringComparison.Ordinal));
        Assert.DoesNotContain(stored, name => name.Contains("2022", StringComparison.Ordinal));
        await App.SettledArchiveAsync(setId, ["battery_0.csv"]);
        var files = (await App.GetJsonAsync($"manage/api/recordings/{setId}")).GetProperty("files").EnumerateArray();
        Assert.Equal(["battery_0.csv"], files.Select(f => f.GetProperty("name").GetString()!));
        using var download = await App.Admin.GetAsync($"manage/api/recordings/{setId}/files/{pseudonym}");
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
    }

    [Fact]
    public async Task Microphone_files_get_a_stable_pseudonym_when_renaming_is_on()
    {
        await using var app = await TestApp.StartAsync();
        await app.Services.GetRequiredService<ConfigStore>().UpdateAsync(s => s with { RenameMicFiles = true });
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();

        (await watch.UploadAsync(setId, "recording_mic_0_2022-05-01T10:00+0000_f00d.zip", "a"u8.ToArray())).Dispose();
        (await watch.UploadAsync(setId, "recording_mic_0_2022-05-01T10:00+0000_f00d.zip", "b"u8.ToArray())).Dispose();
        (await watch.UploadAsync(setId, "recording_mic_1_2022-05-01T11:00+0000_f00d.zip", "c"u8.ToArray())).Dispose();

        var names = new List<string>();
        await foreach (var blob in app.Containers.Recordings.GetBlobsAsync(new GetBlobsOptions { Prefix = setId + "/", Traits = BlobTraits.Metadata }))
        {
            names.Add(blob.Name);
            Assert.Equal("true", blob.Metadata[RecordingBlobMetadata.Keys.Microphone]);
        }

        Assert.Equal(2, names.Count);
        Assert.All(names, name => Assert.DoesNotContain("2022", name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sets_and_devices_are_counted_in_the_index()
    {
        await using var app = await TestApp.StartAsync();
        var watch = await app.PairedWatchAsync("counting-watch");
        var first = await watch.NewSetAsync();
        var second = await watch.NewSetAsync();
        (await watch.UploadAsync(first, "battery_0.csv", new byte[100])).Dispose();
        (await watch.UploadAsync(first, "prediction_0.csv", new byte[50])).Dispose();
        (await watch.UploadAsync(second, "battery_1.csv", new byte[10])).Dispose();

        var index = app.Services.GetRequiredService<SetQueries>();
        var set = await Eventually.UntilAsync(
            "indexing both files", () => index.GetAsync(SetId.Parse(first), CancellationToken.None), indexed => indexed?.FileCount == 2);
        Assert.Equal(150, set!.TotalBytes);
        Assert.Equal("counting-watch", set.Device);
        await Eventually.UntilAsync(
            "counting the device's two sets",
            async () => (await app.GetJsonAsync("manage/api/devices")).EnumerateArray().Single().GetProperty("setsUploaded").GetInt32(),
            sets => sets == 2);
    }

    /// <summary>The blob holds exactly <paramref name="content"/>, with its CRC-32 and length in the metadata; returns its properties.</summary>
    private static async Task<BlobProperties> AssertStoredWithChecksumAsync(BlobBaseClient blob, byte[] content)
    {
        Assert.Equal(content, (await blob.DownloadContentAsync()).Value.Content.ToArray());
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal(Crc32Hex(content), properties.Metadata[RecordingBlobMetadata.Keys.Crc32]);
        Assert.Equal(content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), properties.Metadata[RecordingBlobMetadata.Keys.Length]);
        return properties;
    }

    public static string Crc32Hex(byte[] content) =>
        System.IO.Hashing.Crc32.HashToUInt32(content).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
}
