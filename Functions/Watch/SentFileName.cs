using Microsoft.Net.Http.Headers;

namespace RecordingFunctions.Watch;

/// <summary>
/// The file name a part carries. <see cref="Text"/> is the name as decoded, which the stored name is made from;
/// <see cref="Original"/> tells two sent names apart (URL-encoded, as <see cref="RecordingBlobMetadata.OriginalName"/>
/// keeps it). The two differ where decoding lost something: MultipartReader decodes header lines as UTF-8, and the
/// header parser a <c>filename*=UTF-8''...</c> value, replacing every byte that is not UTF-8 with U+FFFD, so that
/// two different names could read the same. Such a name is identified by its bytes as they arrived.
/// </summary>
public sealed record SentFileName(string Text, string Original)
{
    private const char Replacement = '\uFFFD';

    /// <param name="disposition">The part's Content-Disposition as the reader decoded it.</param>
    /// <param name="rawHeaders">The body's bytes up to the start of the part's content, as far as they are kept.</param>
    /// <param name="boundary">The body's multipart boundary.</param>
    public static SentFileName Of(ContentDispositionHeaderValue disposition, ReadOnlySpan<byte> rawHeaders, string boundary)
    {
        var fromStar = disposition.FileNameStar.HasValue;
        var text = HeaderUtilities.RemoveQuotes(fromStar ? disposition.FileNameStar : disposition.FileName).Value ?? "";
        var raw = text.Contains(Replacement) ? RawName(rawHeaders, boundary, fromStar) : null;
        return new SentFileName(text, raw is null ? RecordingBlobMetadata.EncodeOriginalName(text) : RecordingBlobMetadata.EncodeOriginalName(raw));
    }

    /// <summary>
    /// The name's bytes in the part's one Content-Disposition line (read as Latin-1, one character per byte, with the
    /// same header parser); null where the kept bytes do not hold the whole header block.
    /// </summary>
    private static byte[]? RawName(ReadOnlySpan<byte> rawHeaders, string boundary, bool fromStar)
    {
        // The headers end with an empty line right before the content, and start after the boundary's line.
        var text = Encoding.Latin1.GetString(rawHeaders);
        if (!text.EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            return null;
        }

        var end = text.Length - 4;
        var boundaryLine = text.LastIndexOf("--" + boundary, end, StringComparison.Ordinal);
        var start = boundaryLine < 0 ? -1 : text.IndexOf("\r\n", boundaryLine, StringComparison.Ordinal);
        if (start < 0 || start >= end)
        {
            return null;
        }

        var dispositions = text[(start + 2)..end].Split("\r\n")
            .Where(line => line.StartsWith(HeaderNames.ContentDisposition + ":", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (dispositions.Count != 1
            || !ContentDispositionHeaderValue.TryParse(dispositions[0][(HeaderNames.ContentDisposition.Length + 1)..].Trim(), out var parsed))
        {
            return null;
        }

        var parameter = parsed.Parameters.FirstOrDefault(p =>
            p.Name.Equals(fromStar ? "filename*" : "filename", StringComparison.OrdinalIgnoreCase));
        if (parameter?.Value.Value is not { } value)
        {
            return null;
        }

        if (!fromStar)
        {
            return Encoding.Latin1.GetBytes(HeaderUtilities.RemoveQuotes(value).ToString());
        }

        // charset'language'percent-encoded
        var quote = value.IndexOf('\'', StringComparison.Ordinal);
        var secondQuote = quote < 0 ? -1 : value.IndexOf('\'', quote + 1);
        return secondQuote < 0 ? null : PercentDecoded(value[(secondQuote + 1)..]);
    }

    /// <summary>The bytes of an RFC 5987 value (<c>%XX</c> escapes, other characters as their byte).</summary>
    private static byte[] PercentDecoded(string value)
    {
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)value[i]);
            }
        }

        return [.. bytes];
    }
}
