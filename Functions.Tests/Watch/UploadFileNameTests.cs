using RecordingFunctions.Watch;

namespace RecordingFunctions.Tests.Watch;

/// <summary>The sent name's treatment, without an app.</summary>
public sealed class UploadFileNameTests
{
    [Theory]
    [InlineData(".hidden.csv")]
    [InlineData(" .hidden.csv")]
    public void A_name_that_is_a_dot_name_once_trimmed_is_refused(string sent)
    {
        var (name, error) = UploadFileName.Sanitize(sent);

        Assert.Null(name);
        Assert.Equal("a file name must not start with a dot", error);
    }

    [Theory]
    [InlineData(null, "the file has no name")]
    [InlineData("", "the file has no name")]
    [InlineData("  ", "the file has no name")]
    [InlineData("../../config/config.yml.csv", "a file name must not contain a path")]
    [InlineData("..\\x.csv", "a file name must not contain a path")]
    [InlineData("a\u0001b.csv", "a file name must not contain control characters")]
    [InlineData("a\tb.csv", "a file name must not contain control characters")]
    public void A_name_that_is_empty_has_a_path_or_control_characters_is_refused_saying_why(string? sent, string why)
    {
        var (name, error) = UploadFileName.Sanitize(sent);

        Assert.Null(name);
        Assert.Equal(why, error);
    }

    [Fact]
    public void A_name_longer_than_the_limit_is_refused_and_one_at_the_limit_kept()
    {
        var atLimit = new string('a', UploadFileName.MaxLength - 4) + ".csv";

        Assert.Equal(atLimit, UploadFileName.Sanitize(atLimit).Name);
        Assert.Equal($"a file name must not be longer than {UploadFileName.MaxLength} characters", UploadFileName.Sanitize("a" + atLimit).Error);
    }

    [Theory]
    [InlineData(" battery_0.csv ", "battery_0.csv")]
    [InlineData("x.csv.", "x.csv")]
    [InlineData("x.csv. . ", "x.csv")]
    [InlineData("a:b.csv", "a_b.csv")]
    [InlineData("ffmpeg_0_2022-05-01T10:00+0000_f00d.mkv", "ffmpeg_0_2022-05-01T10_00+0000_f00d.mkv")]
    [InlineData("a<b>c|e?f*g.csv", "a_b_c_e_f_g.csv")]
    [InlineData("say \"hi\".csv", "say _hi_.csv")]
    [InlineData("NUL.csv", "_NUL.csv")]
    [InlineData("com1.tar.gz", "_com1.tar.gz")]
    [InlineData("console.csv", "console.csv")]
    [InlineData("metaInfo_0_2022-05-01T10:00+0000_f00d.json", "metaInfo_0_2022-05-01T10_00+0000_f00d.json")]
    [InlineData("Aufnahme Mürz.csv", "Aufnahme Mürz.csv")]
    public void A_safe_name_is_trimmed_and_what_Windows_forbids_replaced(string sent, string stored) =>
        Assert.Equal(stored, UploadFileName.Sanitize(sent).Name);

    [Theory]
    [InlineData("battery_0.CSV", "csv")]
    [InlineData("archive.tar.gz", "gz")]
    [InlineData("README", "")]
    public void The_ending_is_what_follows_the_last_dot_in_lower_case(string name, string ending) =>
        Assert.Equal(ending, UploadFileName.Ending(name));

    [Theory]
    [InlineData("recording_mic_0_2022-05-01T10_00+0000_f00d.zip", true)]
    [InlineData("sensor_recording_MIC_0.ZIP", true)]
    [InlineData("mic_notes.csv", false)]
    [InlineData("android_sensor_accelerometer_0.zip", false)]
    public void Microphone_files_are_the_zips_whose_name_contains_mic(string name, bool microphone) =>
        Assert.Equal(microphone, UploadFileName.IsMicrophoneFile(name));

    [Fact]
    public void A_microphone_pseudonym_is_the_same_for_the_same_name_differs_for_another_and_keeps_the_ending()
    {
        var settings = ConfigMigration.Complete(ConfigDocument.Empty(), new FirstStart("study", "password")).Settings;
        var other = ConfigMigration.Complete(ConfigDocument.Empty(), new FirstStart("study", "password")).Settings;
        const string name = "recording_mic_0_2022-05-01T10_00+0000_f00d.zip";

        var pseudonym = UploadFileName.MicrophonePseudonym(name, settings);

        Assert.Matches("^mic_[0-9a-f]{24}\\.zip$", pseudonym);
        Assert.Equal(pseudonym, UploadFileName.MicrophonePseudonym(name, settings));
        Assert.NotEqual(pseudonym, UploadFileName.MicrophonePseudonym("recording_mic_1_2022-05-01T11_00+0000_f00d.zip", settings));
        Assert.NotEqual(pseudonym, UploadFileName.MicrophonePseudonym(name, other));
    }
}
