using Azure.Data.Tables;
using static RecordingFunctions.Tests.Storage.SetContentsTests;

namespace RecordingFunctions.Tests.Storage;

public sealed class SetRowTests
{
    private static readonly DeviceUploader Watch = new("device-1", "SM-R860[abc]");

    [Fact]
    public void A_set_just_issued_reads_as_its_device_with_no_files_and_is_not_listed()
    {
        var row = SetRow.Issued(Set, Start, Watch);

        var summary = SetRow.Read(row);

        Assert.Equal((Set, Start, "device-1", "SM-R860[abc]", 0, 0L), (summary.Id, summary.IssuedAt, summary.DeviceId, summary.Device, summary.FileCount, summary.TotalBytes));
        Assert.Equal((null, null, null), (summary.FirstUpload, summary.LastUpload, summary.Description));
        Assert.Empty(summary.Quality);
        Assert.Empty(summary.DeviceMarks);
        Assert.Null(summary.Assignment.ParticipantId);
        Assert.False(SetRow.IsListed(row));
        Assert.Equal((SetRow.Partition, "id-" + Set), (row.PartitionKey, row.RowKey));
    }

    [Fact]
    public void Its_files_give_its_counts_upload_times_and_the_descriptions_first_line_and_list_it()
    {
        var row = SetRow.Issued(Set, Start, Watch);
        var contents = Contents(File("README.md", 9, Start), File("battery_0.csv", 100, Start.AddHours(1)), File("prediction_0.csv", 50, Start.AddHours(2)));

        SetRow.WriteFiles(row, contents, "  Ward 3, night shift \nsecond line");

        var summary = SetRow.Read(row);
        Assert.Equal((2, 150L, Start.AddHours(1), Start.AddHours(2), "Ward 3, night shift"),
            (summary.FileCount, summary.TotalBytes, summary.FirstUpload, summary.LastUpload, summary.Description));
        Assert.True(SetRow.IsListed(row));

        SetRow.WriteFiles(row, Contents(File("README.md", 9, Start)), null);
        Assert.False(SetRow.IsListed(row));
        Assert.Null(SetRow.Read(row).Description);
    }

    [Fact]
    public void A_listing_copy_is_the_row_under_a_key_that_sorts_newer_sets_first()
    {
        var row = SetRow.Issued(Set, Start, Watch);
        var copy = SetRow.ListingCopy(row);
        var newer = SetRow.ListingCopy(SetRow.Issued(SetId.New(), Start.AddSeconds(1), Watch));

        Assert.StartsWith("t-", copy.RowKey, StringComparison.Ordinal);
        Assert.True(string.CompareOrdinal(newer.RowKey, copy.RowKey) < 0);
        var read = SetRow.Read(copy);
        Assert.Equal((row.PartitionKey, Set, Start, "SM-R860[abc]"), (copy.PartitionKey, read.Id, read.IssuedAt, read.Device));
    }

    [Fact]
    public void A_set_was_issued_to_its_device_unless_it_came_from_elsewhere_or_the_flask_server()
    {
        Assert.Equal("device-1", SetRow.IssuedTo(SetRow.Issued(Set, Start, Watch)));
        Assert.Null(SetRow.IssuedTo(SetRow.NotIssued(Set, Start)));
        Assert.Null(SetRow.IssuedTo(SetRow.Issued(Set, Start, new DeviceUploader(RecordingBlobMetadata.ImportedDevice, RecordingBlobMetadata.ImportedDevice))));

        // A row written before sets were marked: its first uploader counts as the device it was issued to.
        var before = new TableEntity(SetRow.Partition, SetRow.Key(Set)) { ["Id"] = Set.ToString(), ["IssuedAt"] = Start };
        Assert.Null(SetRow.IssuedTo(before));
        SetRow.WriteDevice(before, Watch);
        Assert.Equal("device-1", SetRow.IssuedTo(before));
    }

    [Fact]
    public void Device_marks_are_kept_and_none_leave_no_property()
    {
        var row = SetRow.NotIssued(Set, Start);
        DeviceMark[] marks = [new(SetDeviceMarks.NotIssued, "device-1", "SM-R860[abc]", Start, "not issued by this server; files from SM-R860[abc]")];

        SetRow.WriteDeviceMarks(row, marks);
        Assert.Equal(marks, SetRow.ReadDeviceMarks(row));
        Assert.Equal(marks, SetRow.Read(row).DeviceMarks);

        SetRow.WriteDeviceMarks(row, []);
        Assert.False(row.ContainsKey(nameof(RecordingSetSummary.DeviceMarks)));
    }

    [Fact]
    public void A_continuation_that_is_no_listing_key_starts_from_the_newest_set()
    {
        Assert.Equal(SetRow.ListingAfter(null), SetRow.ListingAfter("id-x"));
        Assert.Equal(SetRow.ListingAfter(null), SetRow.ListingAfter(""));
        Assert.Contains("RowKey gt 't-0001'", SetRow.ListingAfter("t-0001"), StringComparison.Ordinal);
    }
}
