using Microsoft.Net.Http.Headers;
using RecordingFunctions.Watch;

namespace RecordingFunctions.Tests.Watch;

/// <summary>How a sent name is told apart from another, without an app.</summary>
public sealed class SentFileNameTests
{
    private const string Boundary = "okhttp-boundary";

    [Theory]
    [InlineData("battery_0_2022-05-01T10:00+0000_f00d.csv")]
    [InlineData("Aufnahme Mürz (1)~.csv")]
    [InlineData("a\uFFFDb.csv")]
    public void The_original_of_a_name_read_whole_is_its_url_encoding_as_stored_before(string name)
    {
        Assert.Equal(Uri.EscapeDataString(name), RecordingBlobMetadata.EncodeOriginalName(Encoding.UTF8.GetBytes(name)));
        Assert.Equal(Uri.EscapeDataString(name), Of($"filename=\"{name}\"", Encoding.UTF8).Original);
    }

    [Fact]
    public void Two_names_that_decode_alike_keep_their_bytes_as_sent()
    {
        var first = Of("filename=\"a\u00FF\u00FE.csv\"", Encoding.Latin1);
        var second = Of("filename=\"a\u00FE\u00FF.csv\"", Encoding.Latin1);

        Assert.Equal("a\uFFFD\uFFFD.csv", first.Text);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal("a%FF%FE.csv", first.Original);
        Assert.Equal("a%FE%FF.csv", second.Original);
    }

    [Fact]
    public void A_percent_encoded_name_that_is_not_utf8_keeps_its_bytes_too()
    {
        var sent = Of("filename*=UTF-8''a%FF%fe.csv", Encoding.ASCII);

        Assert.Equal("a\uFFFD\uFFFD.csv", sent.Text);
        Assert.Equal("a%FF%FE.csv", sent.Original);
    }

    /// <summary>The name of a file part whose Content-Disposition parameter is <paramref name="parameter"/>, its bytes encoded as <paramref name="wire"/> says.</summary>
    private static SentFileName Of(string parameter, Encoding wire)
    {
        var line = $"Content-Disposition: form-data; name=\"file\"; {parameter}";
        var raw = wire.GetBytes($"preamble\r\n--{Boundary}\r\n{line}\r\n\r\n");

        // What MultipartReader hands on: the line decoded as UTF-8.
        var decoded = Encoding.UTF8.GetString(raw).Split("\r\n").Single(l => l.StartsWith("Content-Disposition:", StringComparison.Ordinal));
        var disposition = ContentDispositionHeaderValue.Parse(decoded["Content-Disposition:".Length..].Trim());
        return SentFileName.Of(disposition, raw, Boundary);
    }
}
