using Azure;
using Azure.Storage.Blobs;

namespace RecordingFunctions.Tests.Archive;

public sealed class BlobReadLinksTests : IAsyncLifetime
{
    private ArchiveTestStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await ArchiveTestStorage.CreateAsync();

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task LinkReadsOnlyItsOwnBlob()
    {
        var setId = ArchiveTestStorage.NewSetId();
        await _storage.UploadAsync(setId, "a.csv", "1,2,3"u8.ToArray());
        await _storage.UploadAsync(setId, "b.csv", "4,5,6"u8.ToArray());
        var links = new BlobReadLinks(_storage.Service);

        var before = DateTimeOffset.UtcNow;
        var link = await links.CreateReadLinkAsync(_storage.Recording(setId, "a.csv"), TimeSpan.FromMinutes(5), CancellationToken.None);
        var uri = link.Uri;

        var viaLink = new BlobClient(uri);
        Assert.Equal("1,2,3", (await viaLink.DownloadContentAsync()).Value.Content.ToString());
        Assert.InRange(link.ExpiresOn, before.AddMinutes(5).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(link.ExpiresOn, new BlobUriBuilder(uri).Sas.ExpiresOn);
        var write = await Assert.ThrowsAsync<RequestFailedException>(() => viaLink.UploadAsync(new BinaryData("x"u8.ToArray()), overwrite: true));
        Assert.Equal(403, write.Status);
        var other = new BlobUriBuilder(_storage.Recording(setId, "b.csv").Uri) { Sas = new BlobUriBuilder(uri).Sas }.ToUri();
        var read = await Assert.ThrowsAsync<RequestFailedException>(() => new BlobClient(other).DownloadContentAsync());
        Assert.Equal(403, read.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(7 * 24 * 60)]
    public async Task LifetimeMustBePositiveAndWithinTheDelegationKeyLimit(int minutes)
    {
        var links = new BlobReadLinks(_storage.Service);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            links.CreateReadLinkAsync(_storage.Recording(ArchiveTestStorage.NewSetId(), "a"), TimeSpan.FromMinutes(minutes), CancellationToken.None));
    }
}
