using Azure;
using Azure.Storage.Blobs;

namespace RecordingFunctions.Tests.Storage;

public sealed class SetContentsTests
{
    internal static readonly DateTimeOffset Start = new(2026, 3, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_description_is_one_of_the_sets_files_but_not_one_of_its_recordings()
    {
        var contents = Contents(
            File("README.md", 10, Start.AddHours(5)),
            File("battery_0.csv", 100, Start.AddHours(1), "device-1"),
            File("prediction_0.csv", 50, Start.AddHours(2), "device-1"));

        Assert.Equal(["README.md", "battery_0.csv", "prediction_0.csv"], contents.Files.Select(f => f.Name));
        Assert.Equal(["battery_0.csv", "prediction_0.csv"], contents.Recordings.Select(f => f.Name));
        Assert.Equal("README.md", contents.Description?.Name);
        Assert.Equal((150L, Start.AddHours(1), Start.AddHours(2)), (contents.TotalBytes, contents.FirstUpload, contents.LastUpload));
        Assert.True(contents.Holds("prediction_0.csv"));
        Assert.False(contents.Holds("battery_1.csv"));
    }

    [Fact]
    public void Each_device_that_sent_recordings_counts_from_its_first_one_under_that_files_identifier()
    {
        var contents = Contents(
            File("a.csv", 1, Start.AddHours(3), "device-1", "SM-R860[abc] renamed"),
            File("b.csv", 1, Start.AddHours(1), "device-1", "SM-R860[abc]"),
            File("c.csv", 1, Start.AddHours(2), "device-2", "SM-R870[def]"),
            File("d.csv", 1, Start));

        Assert.Equal(
            [new SetUploader("device-1", "SM-R860[abc]", Start.AddHours(1)), new SetUploader("device-2", "SM-R870[def]", Start.AddHours(2))],
            contents.Uploaders.OrderBy(u => u.DeviceId, StringComparer.Ordinal));
        Assert.False(contents.HasImportedFiles);
        Assert.True(Contents(File("e.csv", 1, Start, RecordingBlobMetadata.ImportedDevice)).HasImportedFiles);
    }

    [Fact]
    public void An_empty_set_has_no_upload_times()
    {
        var contents = Contents(File("README.md", 10, Start));

        Assert.Empty(contents.Recordings);
        Assert.Equal((0L, null, null), (contents.TotalBytes, contents.FirstUpload, contents.LastUpload));
    }

    internal static SetContents Contents(params StoredFile[] files) => new(Set, files);

    internal static readonly SetId Set = SetId.Parse("8f0e4a52-5d3c-4c1e-9d65-0d6f3c7a1b2e");

    internal static StoredFile File(string name, long size, DateTimeOffset uploaded, string? deviceId = null, string? identifier = null)
    {
        var metadata = new RecordingBlobMetadata
        {
            Uploaded = uploaded,
            Uploader = deviceId is null ? null : new DeviceUploader(deviceId, identifier ?? deviceId),
        };
        var blob = new BlobClient(new Uri($"http://127.0.0.1:10000/devstoreaccount1/recordings/{Set.BlobName(name)}"));
        return new StoredFile(name, size, new ETag("\"0x1\""), uploaded, metadata, blob);
    }
}
