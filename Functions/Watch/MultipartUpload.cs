using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace RecordingFunctions.Watch;

/// <summary>
/// Reads a <c>multipart/form-data</c> body as a stream of sections (ASP.NET Core's <see cref="MultipartReader"/>),
/// stopping at the part named <c>file</c> so its content can be streamed on without buffering.
/// The part's own Content-Type is never looked at: OkHttp omits it for the watch's multi-valued types.
/// </summary>
public static class MultipartUpload
{
    public const string FilePartName = "file";

    /// <returns>A reader over the body's sections, or null when it is not multipart/form-data with a boundary.</returns>
    public static MultipartReader? ReaderFor(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            && contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            && HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is { Length: > 0 } boundary
            ? new MultipartReader(boundary, request.Body) { BodyLengthLimit = null }
            : null;

    /// <returns>The file section, or an error message when the body has no such part.</returns>
    public static async Task<(FileSection? File, string? Error)> FindFileAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (ReaderFor(request) is not { } reader)
        {
            return (null, "the body must be multipart/form-data (with a boundary) holding a part named 'file'");
        }

        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                && HeaderUtilities.RemoveQuotes(disposition.Name).Value == FilePartName)
            {
                var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                return (new FileSection(name ?? "", section.Body), null);
            }
        }

        return (null, "the body has no part named 'file'");
    }
}

public sealed record FileSection(string FileName, Stream Content);
