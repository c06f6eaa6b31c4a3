using Azure;

namespace RecordingFunctions.Tests.Watch;

/// <summary>Where an upload goes among the files of its set, without storage.</summary>
public sealed class SetFileNamesTests
{
    private static readonly ETag First = new("\"1\"");
    private static readonly ETag Second = new("\"2\"");

    [Theory]
    [InlineData("a_b.csv", 1, "a_b.csv")]
    [InlineData("a_b.csv", 2, "a_b (2).csv")]
    [InlineData("ffmpeg_0_2022-05-01T10_00+0000_f00d.mkv", 12, "ffmpeg_0_2022-05-01T10_00+0000_f00d (12).mkv")]
    [InlineData("archive.tar.gz", 3, "archive.tar (3).gz")]
    [InlineData("README", 2, "README (2)")]
    public void A_variant_keeps_the_ending_last(string name, int number, string variant)
    {
        Assert.Equal(variant, SetFileNames.Variant(name, number));
        Assert.StartsWith(SetFileNames.VariantPrefix(name), variant, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_no_file_holds_is_taken_as_it_is()
    {
        var choice = SetFileNames.Choose("a_b.csv", "a%3Ab.csv", [new ExistingFile("a_bc.csv", "a_bc.csv", First)], []);

        Assert.Equal(new SetFileName("a_b.csv", null), choice);
    }

    [Fact]
    public void A_name_held_by_a_file_sent_under_another_name_goes_to_the_first_free_variant()
    {
        ExistingFile[] existing =
        [
            new("a_b.csv", "a%3Ab.csv", First),
            new("a_b (2).csv", "a%3Cb.csv", Second),
            new("a_b (4).csv", "a%3Eb.csv", Second),
        ];

        Assert.Equal(new SetFileName("a_b (3).csv", null), SetFileNames.Choose("a_b.csv", "a_b.csv", existing, []));
    }

    [Fact]
    public void The_same_sent_name_replaces_its_file_wherever_it_went_before()
    {
        ExistingFile[] existing = [new("a_b.csv", "a%3Ab.csv", First), new("a_b (2).csv", "a_b.csv", Second)];

        Assert.Equal(new SetFileName("a_b.csv", First), SetFileNames.Choose("a_b.csv", "a%3Ab.csv", existing, []));
        Assert.Equal(new SetFileName("a_b (2).csv", Second), SetFileNames.Choose("a_b.csv", "a_b.csv", existing, []));
    }

    [Fact]
    public void A_file_of_the_same_sent_name_under_a_name_that_is_no_variant_is_left_alone()
    {
        // "a_b (02).csv" and "a_b (1).csv" are names a watch could send itself, not variants.
        ExistingFile[] existing = [new("a_b (02).csv", "a_b.csv", First), new("a_b (1).csv", "a_b.csv", First), new("a_bc.csv", "a_b.csv", First)];

        Assert.Equal(new SetFileName("a_b.csv", null), SetFileNames.Choose("a_b.csv", "a_b.csv", existing, []));
    }

    [Fact]
    public void A_file_without_a_sent_name_is_never_replaced_by_an_upload()
    {
        ExistingFile[] existing = [new("battery_0.csv", null, First)];

        Assert.Equal(new SetFileName("battery_0 (2).csv", null), SetFileNames.Choose("battery_0.csv", "battery_0.csv", existing, []));
    }

    [Fact]
    public void A_reserved_name_is_never_taken()
    {
        Assert.Equal(new SetFileName("README (2).md", null), SetFileNames.Choose("README.md", "README.md", [], ["README.md"]));
    }
}
