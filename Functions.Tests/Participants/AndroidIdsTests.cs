using RecordingFunctions.Participants;

namespace RecordingFunctions.Tests.Participants;

public sealed class AndroidIdsTests
{
    private const string FileName = "metaInfo_0_2021-06-11T14_03+0000_3f2a9c0d1e4b5a67.json";

    [Fact]
    public void A_metaInfo_json_names_the_watch_and_its_ISO_recording_date()
    {
        var meta = AndroidIds.FromMetaInfo(Json("""{"version": "0.9", "android_id": "3F2A9C0D1E4B5A67", "date": "2021-06-11T16:03:12.123+02:00"}"""), FileName);

        Assert.Equal("3f2a9c0d1e4b5a67", meta.AndroidId);
        Assert.Equal(new DateTimeOffset(2021, 6, 11, 14, 3, 12, 123, TimeSpan.Zero), meta.RecordedAt);
    }

    [Fact]
    public void A_metaInfo_json_names_the_app_version_model_and_boot_clock_start_and_keeps_the_offset_of_its_date()
    {
        var meta = AndroidIds.FromMetaInfo(
            Json("""{"app_version": "1.2", "tf_model": "m.ort", "start_time_stamp": 123456789012, "date": "Fri Jun 11 14:03:12 GMT+02:00 2021"}"""), FileName);

        Assert.Equal(("1.2", "m.ort", 123456789012L), (meta.AppVersion, meta.Model, meta.StartTimestamp));
        Assert.Equal(TimeSpan.FromHours(2), meta.Date!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2021, 6, 11, 12, 3, 12, TimeSpan.Zero), meta.RecordedAt);
        Assert.Null(AndroidIds.FromMetaInfo(Json("""{"start_time_stamp": "soon"}"""), FileName).StartTimestamp);
    }

    [Fact]
    public void A_date_as_Java_writes_it_is_read_with_its_offset_and_a_date_without_offset_is_UTC()
    {
        Assert.Equal(new DateTimeOffset(2021, 6, 11, 12, 3, 12, TimeSpan.Zero), AndroidIds.ParseDate("Fri Jun 11 14:03:12 GMT+02:00 2021"));
        Assert.Equal(new DateTimeOffset(2021, 6, 11, 14, 3, 12, TimeSpan.Zero), AndroidIds.ParseDate("Fri Jun 11 14:03:12 UTC 2021"));
        Assert.Equal(new DateTimeOffset(2021, 6, 11, 14, 3, 12, TimeSpan.Zero), AndroidIds.ParseDate("2021-06-11 14:03:12"));
    }

    [Fact]
    public void An_ambiguous_zone_abbreviation_or_no_date_falls_back_to_the_date_in_the_file_name()
    {
        var fromName = new DateTimeOffset(2021, 6, 11, 14, 3, 0, TimeSpan.Zero);
        Assert.Null(AndroidIds.ParseDate("Fri Jun 11 14:03:12 CEST 2021"));
        Assert.Equal(fromName, AndroidIds.FromMetaInfo(Json("""{"android_id": "abc", "date": "Fri Jun 11 14:03:12 CEST 2021"}"""), FileName).RecordedAt);
        Assert.Equal(fromName, AndroidIds.FromMetaInfo(Json("""{"android_id": "abc"}"""), FileName).RecordedAt);
        Assert.Equal(fromName, AndroidIds.FromMetaInfo(Json("""{"android_id": "abc"}"""), "metaInfo_0_2021-06-11T14:03+0000_abc.json").RecordedAt);
        Assert.Null(AndroidIds.FromMetaInfo(Json("""{"android_id": "abc"}"""), "metaInfo_0.json").RecordedAt);
    }

    [Theory]
    [InlineData("""{"android_id": "has space"}""")]
    [InlineData("""{"android_id": 1234}""")]
    [InlineData("""{"android_id": ""}""")]
    [InlineData("""["android_id"]""")]
    [InlineData("""{"android_id": "abc""")]
    [InlineData("not json")]
    public void A_metaInfo_json_without_a_usable_android_id_names_no_watch(string json) =>
        Assert.Null(AndroidIds.FromMetaInfo(Json(json), FileName).AndroidId);

    [Theory]
    [InlineData("SM-R860[3F2A9C0D1E4B5A67]", "3f2a9c0d1e4b5a67", "SM-R860")]
    [InlineData("Anna [0a1b2c3d4e5f6789]", "0a1b2c3d4e5f6789", "Anna")]
    [InlineData("[0a1b2c3d4e5f6789]", "0a1b2c3d4e5f6789", null)]
    [InlineData("SM-R860", null, null)]
    [InlineData("SM-R860[]", null, null)]
    [InlineData("SM-R860[not an id]", null, null)]
    [InlineData("SM-R860[abc] and more", null, null)]
    public void The_identifier_names_the_watch_in_its_brackets_and_the_alias_before_them(string identifier, string? androidId, string? alias)
    {
        Assert.Equal(androidId, AndroidIds.FromIdentifier(identifier));
        if (androidId is not null)
        {
            Assert.Equal(alias, AndroidIds.AliasInIdentifier(identifier));
        }
    }

    [Theory]
    [InlineData("metaInfo_0_2021-06-11T14_03+0000_abc.json", true)]
    [InlineData("metaInfo.JSON", true)]
    [InlineData("metaInfo_0.csv", false)]
    [InlineData("battery_metaInfo.json", false)]
    public void Only_metaInfo_json_files_are_read(string name, bool read) => Assert.Equal(read, AndroidIds.IsMetaInfoFile(name));

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);
}
