namespace RecordingFunctions.Tests.Storage;

public sealed class SetIdTests
{
    private const string Lower = "8f0e4a52-5d3c-4c1e-9d65-0d6f3c7a1b2e";

    [Theory]
    [InlineData(Lower)]
    [InlineData("8F0E4A52-5D3C-4C1E-9D65-0D6F3C7A1B2E")]
    public void A_uuid_in_its_D_form_is_a_set_id_whose_text_is_lower_case(string sent)
    {
        Assert.True(SetId.TryParse(sent, out var id));
        Assert.Equal(Lower, id.ToString());
        Assert.Equal(SetId.Parse(Lower), id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("notes")]
    [InlineData("8f0e4a525d3c4c1e9d650d6f3c7a1b2e")]
    [InlineData("{8f0e4a52-5d3c-4c1e-9d65-0d6f3c7a1b2e}")]
    [InlineData("8f0e4a52-5d3c-4c1e-9d65-0d6f3c7a1b2")]
    public void Anything_else_is_not(string? sent)
    {
        Assert.False(SetId.TryParse(sent, out _));
        Assert.Throws<FormatException>(() => SetId.Parse(sent ?? ""));
    }

    [Fact]
    public void A_name_in_storage_is_a_set_only_in_the_ids_own_text()
    {
        Assert.True(SetId.TryParseStored(Lower, out var id));
        Assert.Equal(Lower, id.ToString());
        Assert.False(SetId.TryParseStored(Lower.ToUpperInvariant(), out _));
        Assert.False(SetId.TryParseStored("notes", out _));
    }

    [Fact]
    public void A_sets_blobs_are_named_under_its_folder()
    {
        var id = SetId.Parse(Lower);

        Assert.Equal($"{Lower}/", id.BlobPrefix);
        Assert.Equal($"{Lower}/battery_0.csv", id.BlobName("battery_0.csv"));
        Assert.Equal("battery_0.csv", id.FileNameOf($"{Lower}/battery_0.csv"));
        Assert.Throws<ArgumentException>(() => id.FileNameOf($"{SetId.New()}/battery_0.csv"));
    }

    [Fact]
    public void New_ids_differ_and_read_back()
    {
        var (first, second) = (SetId.New(), SetId.New());

        Assert.NotEqual(first, second);
        Assert.True(SetId.TryParseStored(first.ToString(), out var read));
        Assert.Equal(first, read);
    }

    [Fact]
    public void In_json_a_set_id_is_its_text()
    {
        var id = SetId.Parse(Lower);

        Assert.Equal($$"""{"set":"{{Lower}}"}""", JsonSerializer.Serialize(new { set = id }));
        Assert.Equal(id, JsonSerializer.Deserialize<SetId>($"\"{Lower.ToUpperInvariant()}\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SetId>("\"notes\""));
    }
}
