using System.Net.Http.Headers;
using System.Text;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>Multipart bodies whose part headers ASP.NET Core's MultipartReader cannot read.</summary>
public static class MalformedMultipart
{
    public const string NoColon = "a part header without a colon";
    public const string LongLine = "a 100 KB part header line";
    public const string TooManyHeaders = "too many part headers";

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
        var body = new ByteArrayContent(Encoding.ASCII.GetBytes($"--{boundary}\r\n{headers}\r\nkept\r\n--{boundary}--\r\n"));
        body.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return body;
    }
}
