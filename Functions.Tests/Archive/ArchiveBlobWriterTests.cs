using System.IO.Hashing;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using RecordingFunctions.Archive;

namespace RecordingFunctions.Tests.Archive;

/// <summary>Writing a plan into a blob against Azurite: copied from the version listed, committed only when all is staged.</summary>
public sealed class ArchiveBlobWriterTests : IAsyncLifetime
{
    private static readonly BlobRequestConditions NewBlob = new() { IfNoneMatch = ETag.All };
    private ArchiveTestStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await ArchiveTestStorage.CreateAsync();

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Theory]
    [InlineData("replaced")]
    [InlineData("deleted")]
    public async Task A_recording_that_changed_after_it_was_listed_is_a_lost_race_and_nothing_is_committed(string change)
    {
        var setId = ArchiveTestStorage.NewSetId();
        var listed = await CopiedAsync(setId, "battery_0.csv", "1\t97\n"u8.ToArray());
        if (change == "replaced")
        {
            await _storage.UploadAsync(setId, "battery_0.csv", "2\t96\n"u8.ToArray());
        }
        else
        {
            await _storage.Recording(setId, "battery_0.csv").DeleteAsync();
        }

        var target = _storage.Containers.Archives.GetBlockBlobClient($"{setId}.zip");
        var plan = ArchivePlan.Compose([listed], ArchiveOptions.Default);
        var lost = await Assert.ThrowsAsync<RequestFailedException>(
            () => new ArchiveBlobWriter(new BlobReadLinks(_storage.Service)).WriteAsync(target, plan, plan.Blocks, NewBlob, CancellationToken.None));

        Assert.True(ArchiveBlobWriter.IsLostRace(lost), $"{lost.Status} {lost.ErrorCode} is not taken for a lost race");
        Assert.False(await target.ExistsAsync());
    }

    [Fact]
    public async Task A_plan_written_in_full_is_the_zip_it_describes()
    {
        var setId = ArchiveTestStorage.NewSetId();
        var content = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();
        var plan = ArchivePlan.Compose(
            [await CopiedAsync(setId, "video_0.mkv", content), InlineFile.Of("table.csv", "a,b\r\n"u8.ToArray(), DateTimeOffset.UtcNow)],
            ArchiveOptions.Default with { RangeSize = 1024 });
        var target = _storage.Containers.Archives.GetBlockBlobClient($"{setId}.zip");

        await new ArchiveBlobWriter(new BlobReadLinks(_storage.Service)).WriteAsync(target, plan, plan.Blocks, NewBlob, CancellationToken.None);

        var zip = (await _storage.DownloadArchiveAsync(setId))!;
        Assert.Equal(plan.Length, zip.Length);
        ZipAssert.PassesUnzipTest(zip);
        ZipAssert.HoldsExactly(zip, new Dictionary<string, byte[]> { ["table.csv"] = "a,b\r\n"u8.ToArray(), ["video_0.mkv"] = content });
        Assert.Equal("application/zip", (await target.GetPropertiesAsync()).Value.ContentType);
    }

    private async Task<CopiedFile> CopiedAsync(SetId setId, string name, byte[] content)
    {
        var uploaded = await _storage.UploadAsync(setId, name, content);
        var etag = (await _storage.Recording(setId, name).GetPropertiesAsync()).Value.ETag;
        return new CopiedFile(new ZipEntry(name, Crc32.HashToUInt32(content), content.Length, uploaded), _storage.Recording(setId, name), etag);
    }
}
