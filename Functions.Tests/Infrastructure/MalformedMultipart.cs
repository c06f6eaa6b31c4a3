using System.Net.Http.Headers;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// Multipart bodies the app refuses: part headers ASP.NET Core's MultipartReader cannot read, a body that ends before
/// its closing boundary, and a file over one block that is not framed as the body's last part.
/// </summary>
public static class MalformedMultipart
{
    public const string NoColon = "a part header without a colon";
    public const string LongLine = "a 100 KB part header line";
    public const string TooManyHeaders = "too many part headers";

    public const string PartAfterLargeFile = "a part after the file";
    public const string EpilogueAfterLargeFile = "an epilogue after the closing boundary";
    public const string NoLineBreakAfterLargeFile = "no line break after the closing boundary";

    /// <summary>Over one block (4 MiB): the size from which the app takes a file's length from the body's.</summary>
    public const int LargeFileBytes = (4 * 1024 * 1024) + (64 * 1024);

    /// <summary>A body of one part named <paramref name="partName"/> whose headers are malformed as <paramref name="kind"/> says.</summary>
    public static HttpContent Body(string kind, string partName)
    {
        var boundary = "malformed-" + Guid.NewGuid().ToString("N");
        var disposition = $"Content-Disposition: form-data; name=\"{partName}\"; filename=\"battery_0.csv\"\r\n";
        var headers = kind switch
        {
            NoColon => "Content-Disposition form-data\r\n",
            LongLine => $"Content-Disposition: form-data; name=\"{partName}\"; filename=\"{new string('a', 100 * 1024)}.csv\"\r\n",
            TooManyHeaders => string.Concat(Enumerable.Range(0, 40).Select(i => $"X-Header-{i}: value\r\n")) + disposition,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return WithBoundary(Encoding.ASCII.GetBytes($"--{boundary}\r\n{headers}\r\nkept\r\n--{boundary}--\r\n"), boundary);
    }

    /// <summary>A complete HTTP body whose multipart content ends in the middle of its file part, before the closing boundary.</summary>
    public static HttpContent CutOff(string fileName, int fileBytes)
    {
        var boundary = "cut-" + Guid.NewGuid().ToString("N");
        var head = $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\n\r\n";
        return WithBoundary(Encoding.ASCII.GetBytes(head).Concat(new byte[fileBytes]).ToArray(), boundary);
    }

    /// <summary>A file of <see cref="LargeFileBytes"/> whose part is followed by what <paramref name="framing"/> names.</summary>
    public static HttpContent LargeFileFramed(string framing, string fileName)
    {
        var boundary = "framing-" + Guid.NewGuid().ToString("N");
        var head = $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\n\r\n";
        var tail = framing switch
        {
            PartAfterLargeFile => $"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--{boundary}--\r\n",
            EpilogueAfterLargeFile => $"\r\n--{boundary}--\r\nepilogue",
            NoLineBreakAfterLargeFile => $"\r\n--{boundary}--",
            _ => throw new ArgumentOutOfRangeException(nameof(framing)),
        };
        return WithBoundary(Encoding.ASCII.GetBytes(head).Concat(new byte[LargeFileBytes]).Concat(Encoding.ASCII.GetBytes(tail)).ToArray(), boundary);
    }

    private static ByteArrayContent WithBoundary(byte[] body, string boundary)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return content;
    }
}
