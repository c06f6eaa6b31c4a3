using Microsoft.AspNetCore.Http;
using RecordingFunctions.Watch;

namespace RecordingFunctions.Tests.Watch;

/// <summary>How an upload's body is read to its file part, without an app: a request built in memory, as Kestrel hands it on.</summary>
public sealed class MultipartUploadTests
{
    private const string Boundary = "okhttp-boundary";

    [Fact]
    public async Task The_file_part_is_found_after_other_parts_with_its_name_content_and_length_as_the_last_part()
    {
        var body = Body(
            Part("note", null, "a note"u8.ToArray()),
            Part("file", "battery_0_2022-05-01T10:00+0000_f00d.csv", "1\t2\n"u8.ToArray()),
            Close());

        var (file, error) = await MultipartUpload.FindFileAsync(Request(body), CancellationToken.None);

        Assert.Null(error);
        Assert.Equal("battery_0_2022-05-01T10:00+0000_f00d.csv", file!.FileName.Text);
        Assert.Equal("1\t2\n"u8.ToArray(), await ReadAllAsync(file.Content));
        Assert.Equal(4, file.LengthAsLastPart);
    }

    [Fact]
    public async Task A_body_of_unknown_length_gives_no_length_for_its_last_part()
    {
        var request = Request(Body(Part("file", "battery_0.csv", "1\t2\n"u8.ToArray()), Close()));
        request.ContentLength = null;

        var (file, _) = await MultipartUpload.FindFileAsync(request, CancellationToken.None);

        Assert.Null(file!.LengthAsLastPart);
        Assert.Equal("1\t2\n"u8.ToArray(), await ReadAllAsync(file.Content));
    }

    /// <summary>The length comes from the body's and is unverified: a part after the file makes it too long, which the writer refuses.</summary>
    [Fact]
    public async Task A_part_after_the_file_makes_the_length_as_last_part_longer_than_the_file()
    {
        var body = Body(Part("file", "battery_0.csv", "1\t2\n"u8.ToArray()), Part("note", null, "after"u8.ToArray()), Close());

        var (file, _) = await MultipartUpload.FindFileAsync(Request(body), CancellationToken.None);

        var content = await ReadAllAsync(file!.Content);
        Assert.Equal("1\t2\n"u8.ToArray(), content);
        Assert.True(file.LengthAsLastPart > content.Length);
    }

    [Theory]
    [InlineData("text/csv")]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/mixed; boundary=okhttp-boundary")]
    public async Task A_body_that_is_not_multipart_form_data_with_a_boundary_is_refused(string contentType)
    {
        var request = Request(Body(Part("file", "battery_0.csv", "x"u8.ToArray()), Close()));
        request.ContentType = contentType;

        var (file, error) = await MultipartUpload.FindFileAsync(request, CancellationToken.None);

        Assert.Null(file);
        Assert.Equal("the body must be multipart/form-data (with a boundary) holding a part named 'file'", error);
        Assert.Null(MultipartUpload.ReaderFor(request));
    }

    [Fact]
    public async Task A_body_without_a_part_named_file_is_refused()
    {
        var (file, error) = await MultipartUpload.FindFileAsync(Request(Body(Part("other", "a.csv", "x"u8.ToArray()), Close())), CancellationToken.None);

        Assert.Null(file);
        Assert.Equal("the body has no part named 'file'", error);
    }

    [Theory]
    [InlineData(MalformedMultipart.NoColon)]
    [InlineData(MalformedMultipart.LongLine)]
    [InlineData(MalformedMultipart.TooManyHeaders)]
    public async Task Part_headers_the_reader_cannot_read_are_refused_naming_its_limits(string kind)
    {
        var malformed = MalformedMultipart.Body(kind, "file");
        var request = Request(await malformed.ReadAsByteArrayAsync());
        request.ContentType = malformed.Headers.ContentType!.ToString();

        var refused = await Assert.ThrowsAsync<MalformedPartHeadersException>(() => MultipartUpload.FindFileAsync(request, CancellationToken.None));

        Assert.Equal(
            "a part's headers are malformed: each must be one 'Name: value' line, with at most 16 headers of at most 16384 bytes in all; nothing was stored",
            refused.Message);
    }

    /// <summary>The upload answers 400 for this end of the stream (a body cut short), not 500.</summary>
    [Fact]
    public async Task A_body_cut_off_in_its_file_part_ends_the_files_content_with_an_unexpected_end_of_stream()
    {
        var (file, _) = await MultipartUpload.FindFileAsync(Request(Body(Part("file", "cut_0.csv", new byte[100_000]))), CancellationToken.None);

        var cut = await Assert.ThrowsAsync<IOException>(() => ReadAllAsync(file!.Content));

        Assert.Contains("Unexpected end of Stream", cut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kept_bytes_of_a_body_are_the_last_ones_read_before_a_position()
    {
        var bytes = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var body = new ReadPositionStream(new MemoryStream(bytes), keepLast: 100);
        var buffer = new byte[64];
        while (body.Read(buffer, 0, buffer.Length) > 0)
        {
        }

        Assert.Equal(bytes[900..950], body.KeptBefore(950).ToArray());
        Assert.True(body.KeptBefore(899).IsEmpty);
        body.StopKeeping();
        Assert.True(body.KeptBefore(950).IsEmpty);
    }

    private static HttpRequest Request(byte[] body)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "POST";
        request.ContentType = $"multipart/form-data; boundary={Boundary}";
        request.ContentLength = body.Length;
        request.Body = new MemoryStream(body);
        return request;
    }

    /// <summary>A part as OkHttp frames it: its delimiter line, Content-Disposition (no Content-Type), a blank line, the content.</summary>
    private static byte[] Part(string name, string? fileName, byte[] content) =>
        [.. Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{(fileName is null ? "" : $"; filename=\"{fileName}\"")}\r\n\r\n"), .. content, .. "\r\n"u8];

    private static byte[] Close() => Encoding.ASCII.GetBytes($"--{Boundary}--\r\n");

    private static byte[] Body(params byte[][] pieces) => [.. pieces.SelectMany(piece => piece)];

    private static async Task<byte[]> ReadAllAsync(Stream content)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        return copy.ToArray();
    }
}
