using Azure.Storage.Sas;

namespace RecordingFunctions.Storage;

/// <summary>
/// Issues short-lived, read-only SAS links to single blobs: a service SAS where the client holds the account key
/// (Azurite, local runs), otherwise a user delegation SAS signed with a cached user delegation key.
/// </summary>
public sealed class BlobReadLinks(BlobServiceClient service)
{
    /// <summary>Longest link lifetime accepted: a user delegation key is valid for at most seven days.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(6);

    // A key is fetched for this much longer than the link that needs it, so later links can reuse it.
    private static readonly TimeSpan KeyReuseWindow = TimeSpan.FromHours(1);

    private Lazy<Task<UserDelegationKey>>? _keyFetch;

    /// <param name="contentDisposition">When given, the storage service answers the link with this Content-Disposition (a download's file name).</param>
    public async Task<BlobReadLink> CreateReadLinkAsync(BlobClient blob, TimeSpan lifetime, CancellationToken ct, string? contentDisposition = null)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lifetime, MaxLifetime);

        // A SAS states its expiry to the second: cut it there, so that the expiry reported is the one the link carries.
        var expiresOn = DateTimeOffset.UtcNow + lifetime;
        expiresOn = expiresOn.AddTicks(-(expiresOn.Ticks % TimeSpan.TicksPerSecond));
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresOn)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            ContentDisposition = contentDisposition,
        };
        if (blob.CanGenerateSasUri)
        {
            return new BlobReadLink(blob.GenerateSasUri(sas), expiresOn);
        }

        var key = await GetDelegationKeyAsync(expiresOn, ct);
        return new BlobReadLink(new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, blob.AccountName) }.ToUri(), expiresOn);
    }

    /// <summary>
    /// Returns a cached key valid at least until <paramref name="neededUntil"/>; concurrent callers share one fetch.
    /// A fetch that failed is replaced by the next caller; its own awaiters see the failure.
    /// </summary>
    private async Task<UserDelegationKey> GetDelegationKeyAsync(DateTimeOffset neededUntil, CancellationToken ct)
    {
        while (true)
        {
            var current = Volatile.Read(ref _keyFetch);
            if (current is null || IsUnusable(current, neededUntil))
            {
                var replacement = new Lazy<Task<UserDelegationKey>>(() => FetchDelegationKeyAsync(neededUntil + KeyReuseWindow));
                Interlocked.CompareExchange(ref _keyFetch, replacement, current);
                continue;
            }

            var key = await current.Value.WaitAsync(ct);
            if (key.SignedExpiresOn >= neededUntil)
            {
                return key;
            }
        }
    }

    private static bool IsUnusable(Lazy<Task<UserDelegationKey>> fetch, DateTimeOffset neededUntil)
    {
        if (!fetch.IsValueCreated)
        {
            return false;
        }

        var task = fetch.Value;
        return task.IsFaulted || task.IsCanceled || (task.IsCompletedSuccessfully && task.Result.SignedExpiresOn < neededUntil);
    }

    // Shared by every waiting caller, so no single caller's cancellation may abort it.
    private async Task<UserDelegationKey> FetchDelegationKeyAsync(DateTimeOffset expiresOn)
    {
        var options = new BlobGetUserDelegationKeyOptions(expiresOn);
        return (await service.GetUserDelegationKeyAsync(options, CancellationToken.None)).Value;
    }
}

/// <summary>A read-only link to one blob and the moment it stops working.</summary>
public sealed record BlobReadLink(Uri Uri, DateTimeOffset ExpiresOn);
