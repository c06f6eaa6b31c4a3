using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Manage;

/// <summary>
/// Downloads of recordings and zips: small ones stream through the app; large ones are redirected to a short-lived,
/// read-only link to that one blob (a user delegation SAS in Azure, a service SAS locally), so they neither pass
/// through an instance nor run into the front end's time limit.
/// </summary>
public sealed class BlobDownloads(BlobReadLinks links, IOptions<DownloadOptions> options)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(15);

    public async Task<IActionResult> AnswerAsync(HttpRequest request, BlobClient blob, long size, string fileName, string contentType, CancellationToken cancellationToken)
    {
        if (size >= options.Value.RedirectFromBytes)
        {
            return new RedirectResult((await LinkAsync(blob, fileName, cancellationToken)).Uri.AbsoluteUri);
        }

        // One streaming GET passes bytes on as they arrive (OpenRead would fetch ranges one after another).
        var download = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
        request.HttpContext.Response.Headers.ContentDisposition = Attachment(fileName);
        request.HttpContext.Response.ContentLength = download.Details.ContentLength;
        return new FileStreamResult(download.Content, contentType);
    }

    /// <summary>A link of <see cref="LinkLifetime"/> that reads the one blob and has the browser save it as <paramref name="fileName"/>.</summary>
    public Task<BlobReadLink> LinkAsync(BlobClient blob, string fileName, CancellationToken cancellationToken) =>
        links.CreateReadLinkAsync(blob, LinkLifetime, cancellationToken, Attachment(fileName));

    private static string Attachment(string fileName)
    {
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        return disposition.ToString();
    }
}

public sealed class DownloadOptions
{
    public const string Section = "Recordings:Downloads";

    /// <summary>Files and zips of at least this size are redirected to a read link (default 100 MiB).</summary>
    public long RedirectFromBytes { get; set; } = 100L * 1024 * 1024;
}
