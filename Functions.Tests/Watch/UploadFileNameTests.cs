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
    [InlineData(" battery_0.csv ", "battery_0.csv")]
    [InlineData("x.csv.", "x.csv")]
    [InlineData("a:b.csv", "a_b.csv")]
    public void A_safe_name_is_trimmed_and_what_Windows_forbids_replaced(string sent, string stored) =>
        Assert.Equal(stored, UploadFileName.Sanitize(sent).Name);
}
