namespace RecordingFunctions.Tests.Storage;

public sealed class RecordingBlobMetadataTests
{
    private static readonly DateTimeOffset Uploaded = new(2026, 3, 5, 9, 30, 15, 123, TimeSpan.Zero);

    private static readonly RecordingBlobMetadata Upload = new()
    {
        Uploaded = Uploaded,
        OriginalName = RecordingBlobMetadata.EncodeOriginalName("a:b.csv"),
        Uploader = new DeviceUploader("device-1", "SM-R860 [abc]"),
        Microphone = true,
    };

    [Fact]
    public void An_uploads_metadata_is_stored_under_its_keys_as_ascii_text()
    {
        var stored = Upload.WithChecksum(0xabcd, 3000).ToMetadata();

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["crc32"] = "0000abcd",
                ["length"] = "3000",
                ["uploaded"] = "2026-03-05T09:30:15.1230000+00:00",
                ["originalname"] = "a%3Ab.csv",
                ["device"] = "device-1",
                ["devicename"] = "SM-R860%20%5Babc%5D",
                ["microphone"] = "true",
            },
            stored);
    }

    [Fact]
    public void What_is_written_reads_back_the_same()
    {
        var written = Upload.WithChecksum(0xabcd, 3000);

        var read = RecordingBlobMetadata.Read(written.ToMetadata());

        Assert.Equal((written.Crc32, written.Length, written.Uploaded, written.OriginalName, written.Uploader, written.Microphone),
            (read.Crc32, read.Length, read.Uploaded, read.OriginalName, read.Uploader, read.Microphone));
        Assert.Empty(read.OtherKeys);
    }

    [Fact]
    public void The_upload_time_is_written_in_utc_and_read_as_utc_when_it_names_no_offset()
    {
        var local = new RecordingBlobMetadata { Uploaded = new DateTimeOffset(2026, 3, 5, 11, 30, 0, TimeSpan.FromHours(2)) };

        Assert.Equal("2026-03-05T09:30:00.0000000+00:00", local.ToMetadata()["uploaded"]);
        Assert.Equal(
            new DateTimeOffset(2026, 3, 5, 9, 30, 0, TimeSpan.Zero),
            RecordingBlobMetadata.Read(new Dictionary<string, string> { ["uploaded"] = "2026-03-05T09:30:00" }).Uploaded);
    }

    [Fact]
    public void A_file_is_uploaded_when_its_metadata_says_else_when_its_blob_was_created_else_last_changed()
    {
        var none = RecordingBlobMetadata.Read(new Dictionary<string, string>());
        var (created, modified) = (Uploaded.AddDays(-1), Uploaded);

        Assert.Equal(created, none.UploadedAt(created, modified));
        Assert.Equal(modified, none.UploadedAt(null, modified));
        Assert.Equal(Uploaded, Upload.UploadedAt(created.AddDays(-1), modified.AddDays(1)));
        Assert.Equal((null, null, null, null, null), (none.Crc32, none.Length, none.Uploaded, none.OriginalName, none.Uploader));
    }

    [Theory]
    [InlineData("0000abcd", "3000", 3000, true)]
    [InlineData("0000ABCD", "3000", 3000, true)]
    [InlineData("0000abcd", "3000", 2999, false)]
    [InlineData("abcd", "3000", 3000, false)]
    [InlineData("zzzzzzzz", "3000", 3000, false)]
    [InlineData("0000abcd", "+3000", 3000, false)]
    [InlineData("0000abcd", "", 3000, false)]
    public void A_checksum_is_trusted_only_when_it_parses_and_its_length_is_the_blobs(string crc, string length, long blobLength, bool trusted) =>
        Assert.Equal(trusted, RecordingBlobMetadata.Read(new Dictionary<string, string> { ["crc32"] = crc, ["length"] = length }).HasChecksumFor(blobLength));

    [Theory]
    [InlineData("audio_mic_0.zip", null, true)]
    [InlineData("MIC.ZIP", null, true)]
    [InlineData("mic_0.csv", null, false)]
    [InlineData("battery_0.zip", null, false)]
    [InlineData("mic_3f2a.zip", "false", false)]
    [InlineData("renamed.zip", "true", true)]
    [InlineData("renamed.zip", "TRUE", true)]
    public void A_microphone_file_is_one_marked_so_or_else_a_zip_named_mic(string name, string? mark, bool microphone)
    {
        var metadata = mark is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["microphone"] = mark };

        Assert.Equal(microphone, RecordingBlobMetadata.Read(metadata).IsMicrophone(name));
    }

    [Fact]
    public void A_device_name_is_written_only_where_it_is_not_the_device_id_and_reads_as_the_id_without_one()
    {
        var shared = new RecordingBlobMetadata { Uploader = new DeviceUploader("shared-secret", "shared-secret") }.ToMetadata();

        Assert.False(shared.ContainsKey("devicename"));
        Assert.Equal(new DeviceUploader("shared-secret", "shared-secret"), RecordingBlobMetadata.Read(shared).Uploader);
        Assert.Equal(
            new DeviceUploader("device-1", "SM-R860 [abc]"),
            RecordingBlobMetadata.Read(new Dictionary<string, string> { ["device"] = "device-1", ["devicename"] = "SM-R860%20%5Babc%5D" }).Uploader);
    }

    [Fact]
    public void Keys_put_on_a_blob_by_other_means_survive_a_checksum_added()
    {
        var read = RecordingBlobMetadata.Read(new Dictionary<string, string> { ["source"] = "azcopy", ["uploaded"] = "2026-03-05T09:30:15Z" });

        var stored = read.WithChecksum(7, 1).ToMetadata();

        Assert.Equal("azcopy", stored["source"]);
        Assert.Equal(["crc32", "length", "source", "uploaded"], stored.Keys.Order(StringComparer.Ordinal));
    }
}
