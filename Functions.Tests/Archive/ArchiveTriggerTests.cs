using RecordingFunctions.Archive;

namespace RecordingFunctions.Tests.Archive;

/// <summary>
/// The blob triggers as the host calls them, for files that reach the recordings container by other means than an
/// upload (copied with Storage Explorer or AzCopy). In Azure the Event Grid trigger is the one that runs.
/// </summary>
public sealed class ArchiveTriggerTests
{
    [Fact]
    public async Task A_file_copied_into_a_set_by_hand_is_indexed_and_zipped_when_its_event_arrives()
    {
        await using var app = await TestApp.StartAsync();
        await app.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync();
        var setId = Guid.NewGuid().ToString("D");
        var blob = app.Containers.Recordings.GetBlobClient($"{setId}/battery_0.csv");
        await blob.UploadAsync(BinaryData.FromString("copied in"));

        await TriggersOf(app).ArchiveSetOnEventGrid(blob, setId, CancellationToken.None);

        var zip = await app.SettledArchiveAsync(setId, ["battery_0.csv"]);
        Assert.Equal("copied in"u8.ToArray(), zip["battery_0.csv"]);
        var listed = (await app.GetJsonAsync("manage/api/recordings")).GetProperty("sets").EnumerateArray().Single();
        Assert.Equal(setId, listed.GetProperty("id").GetString());
        Assert.True((await blob.GetPropertiesAsync()).Value.Metadata.ContainsKey(RecordingBlobMetadata.Keys.Crc32));
    }

    [Theory]
    [InlineData("notes")]
    [InlineData("8F0E4A52-5D3C-4C1E-9D65-0D6F3C7A1B2E")]
    public async Task A_blob_outside_a_set_folder_is_left_alone(string folder)
    {
        await using var app = await TestApp.StartAsync();
        await app.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync();
        var blob = app.Containers.Recordings.GetBlobClient($"{folder}/readme.txt");
        await blob.UploadAsync(BinaryData.FromString("not a recording"));

        await TriggersOf(app).ArchiveSetOnBlobPolling(blob, folder, CancellationToken.None);

        Assert.Equal([$"{app.Containers.Recordings.Name}/{folder}/readme.txt"], await app.AllBlobsAsync());
        Assert.Empty((await app.GetJsonAsync("manage/api/recordings")).GetProperty("sets").EnumerateArray());
    }

    private static ArchiveFunctions TriggersOf(TestApp app) =>
        ActivatorUtilities.CreateInstance<ArchiveFunctions>(app.Services.CreateScope().ServiceProvider);
}
