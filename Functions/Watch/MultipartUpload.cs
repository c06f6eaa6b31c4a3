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

    /// <summary>Larger than the reader's default (16 KiB), so a large file moves in fewer, larger reads.</summary>
    private const int ReaderBufferSize = 64 * 1024;

    /// <summary>
    /// How much of the body is kept while the parts' headers are read: the reader's buffer, which may run ahead of a
    /// part's content start, plus a whole header block and its boundary line before it.
    /// </summary>
    private const int HeaderWindow = ReaderBufferSize + MultipartReader.DefaultHeadersLengthLimit + 1024;

    /// <returns>A reader over the body's sections, or null when it is not multipart/form-data with a boundary.</returns>
    public static MultipartReader? ReaderFor(HttpRequest request) => ReaderFor(request, keepLast: 0, out _, out _);

    /// <returns>The file section, or an error message when the body has no such part.</returns>
    /// <exception cref="MalformedPartHeadersException">A part's headers could not be read.</exception>
    public static async Task<(FileSection? File, string? Error)> FindFileAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (ReaderFor(request, HeaderWindow, out var boundary, out var body) is not { } reader)
        {
            return (null, "the body must be multipart/form-data (with a boundary) holding a part named 'file'");
        }

        while (await ReadSectionAsync(reader, cancellationToken) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                && HeaderUtilities.RemoveQuotes(disposition.Name).Value == FilePartName)
            {
                var name = SentFileName.Of(disposition, body.KeptBefore(section.BaseStreamOffset ?? -1), boundary);
                body.StopKeeping();
                return (new FileSection(name, section.Body, LengthAsLastPart(request, section, boundary)), null);
            }
        }

        return (null, "the body has no part named 'file'");
    }

    /// <summary>The next part, or null after the last one.</summary>
    /// <exception cref="MalformedPartHeadersException">A part's header block is not <c>Name: value</c> lines within the reader's limits.</exception>
    public static async Task<MultipartSection?> ReadSectionAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (InvalidDataException e)
        {
            // How the reader reports a line without a colon, an over-long line or too many headers.
            throw new MalformedPartHeadersException(reader, e);
        }
    }

    private static MultipartReader? ReaderFor(HttpRequest request, int keepLast, out string boundary, out ReadPositionStream body)
    {
        boundary = "";
        body = new ReadPositionStream(request.Body, keepLast);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } value)
        {
            return null;
        }

        boundary = value;
        return new MultipartReader(boundary, body, ReaderBufferSize) { BodyLengthLimit = null };
    }

    /// <summary>
    /// The part's length if it is the last one and the body ends with the closing delimiter <c>CRLF--boundary--CRLF</c>,
    /// as OkHttp, browsers, curl and .NET send it; null when the body's length is not declared. Whoever relies on it
    /// must check that the part really ends there.
    /// </summary>
    private static long? LengthAsLastPart(HttpRequest request, MultipartSection section, string boundary)
    {
        if (request.ContentLength is not { } bodyLength || section.BaseStreamOffset is not { } contentStart)
        {
            return null;
        }

        var length = bodyLength - contentStart - Encoding.ASCII.GetByteCount($"\r\n--{boundary}--\r\n");
        return length >= 0 ? length : null;
    }
}

/// <param name="LengthAsLastPart">The content's length if the part is the body's last, computed from Content-Length; unverified.</param>
public sealed record FileSection(SentFileName FileName, Stream Content, long? LengthAsLastPart);

/// <summary>A part's headers could not be read; the body is refused.</summary>
public sealed class MalformedPartHeadersException(MultipartReader reader, InvalidDataException inner)
    : Exception(
        $"a part's headers are malformed: each must be one 'Name: value' line, with at most {reader.HeadersCountLimit} "
        + $"headers of at most {reader.HeadersLengthLimit} bytes in all; nothing was stored",
        inner);
