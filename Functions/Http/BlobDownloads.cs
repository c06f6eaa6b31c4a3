using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace RecordingFunctions.Http;

/// <summary>
/// Downloads of stored files: recordings, zips and models. They stream through the app in one GET; the admin's from a
/// size are redirected to a short-lived, read-only link to that one blob instead (a user delegation SAS in Azure, a
/// service SAS locally), so they neither pass through an instance nor run into the front end's time limit. A watch's
/// download (its model) always streams: a watch cannot follow a redirect.
/// </summary>
public sealed class BlobDownloads(BlobReadLinks links, IOptions<DownloadOptions> options)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(15);

    /// <summary>The admin's download of a blob of <paramref name="size"/> bytes, saved as <paramref name="fileName"/>.</summary>
    public async Task<IActionResult> AnswerAsync(
        HttpResponse response, BlobClient blob, long size, string fileName, string contentType, CancellationToken cancellationToken)
    {
        if (size >= options.Value.RedirectFromBytes)
        {
            return new RedirectResult((await LinkAsync(blob, fileName, cancellationToken)).Uri.AbsoluteUri);
        }

        response.Headers.ContentDisposition = SaveAs(fileName);
        return await StreamAsync(response, blob, contentType, cancellationToken);
    }

    /// <summary>Through the app whatever its size; the caller names the attachment (a watch needs its own header, <see cref="Attachment"/>).</summary>
    public static async Task<IActionResult> StreamAsync(HttpResponse response, BlobClient blob, string contentType, CancellationToken cancellationToken)
    {
        // One streaming GET passes bytes on as they arrive (OpenRead would fetch ranges one after another).
        var download = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
        response.ContentLength = download.Details.ContentLength;
        return new FileStreamResult(download.Content, contentType);
    }

    /// <summary>A link of <see cref="LinkLifetime"/> that reads the one blob and has the browser save it as <paramref name="fileName"/>.</summary>
    public Task<BlobReadLink> LinkAsync(BlobClient blob, string fileName, CancellationToken cancellationToken) =>
        links.CreateReadLinkAsync(blob, LinkLifetime, cancellationToken, SaveAs(fileName));

    private static string SaveAs(string fileName)
    {
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        return disposition.ToString();
    }
}

public sealed class DownloadOptions
{
    public const string Section = "Recordings:Downloads";

    /// <summary>The admin's downloads of at least this size are redirected to a read link (default 100 MiB).</summary>
    public long RedirectFromBytes { get; set; } = 100L * 1024 * 1024;
}
