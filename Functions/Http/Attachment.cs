using Microsoft.Net.Http.Headers;

namespace RecordingFunctions.Http;

/// <summary>
/// Sets <c>Content-Disposition: attachment; filename=NAME</c> exactly so: the watch parses the header with a regular
/// expression and breaks on quotes or the <c>filename*=</c> part ASP.NET adds when a FileResult is given a name.
/// </summary>
public static class Attachment
{
    public static void Name(HttpResponse response, string fileName) =>
        response.Headers[HeaderNames.ContentDisposition] = $"attachment; filename={fileName}";
}
