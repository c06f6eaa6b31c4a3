using System.Net.Http.Headers;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>A one-part upload body whose file name is given as bytes, so that it can be other than UTF-8.</summary>
public static class RawFileNameBody
{
    /// <summary>The part's Content-Disposition carries <paramref name="before"/>, <paramref name="raw"/>, <paramref name="after"/> as they are.</summary>
    public static ByteArrayContent Of(string before, byte[] raw, string after, string content)
    {
        var boundary = "raw-" + Guid.NewGuid().ToString("N");
        var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; {before}"));
        body.Write(raw);
        body.Write(Encoding.ASCII.GetBytes($"{after}\r\n\r\n{content}\r\n--{boundary}--\r\n"));
        var part = new ByteArrayContent(body.ToArray());
        part.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return part;
    }
}
