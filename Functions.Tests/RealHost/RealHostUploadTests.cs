using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Xunit.Abstractions;

namespace RecordingFunctions.Tests.RealHost;

/// <summary>
/// Uploads of the sizes a watch sends, framed both ways, through the real Functions host: the host reads a body that
/// declares its length whole before the function runs (memory about 5.6 times the body), and streams a chunked one.
/// </summary>
[Collection(SharedRealHost.Name)]
public sealed class RealHostUploadTests(RealHostFixture host, ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;

    private FunctionsHostApp App => host.App;

    [Theory]
    [InlineData(1, true)]
    [InlineData(1, false)]
    [InlineData(64, true)]
    [InlineData(64, false)]
    public async Task An_upload_is_stored_whole_and_zipped(long sizeMiB, bool declareLength)
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        var content = new SeededContent(sizeMiB * MiB, seed: (int)sizeMiB, declareLength);

        using var response = await watch.UploadAsync(setId, "ffmpeg_0.mkv", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var blob = App.Blobs.GetBlobContainerClient(FunctionsHostApp.RecordingsContainer).GetBlockBlobClient($"{setId}/ffmpeg_0.mkv");
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal(sizeMiB * MiB, properties.ContentLength);
        Assert.Equal(content.Crc32Hex, properties.Metadata[RecordingBlobMetadata.Keys.Crc32]);

        // The host passes Content-Length on to the worker, so a large file with a length takes one streamed Put Blob.
        var blocks = (await blob.GetBlockListAsync(BlockListTypes.Committed)).Value.CommittedBlocks.Count();
        Assert.Equal(declareLength || sizeMiB * MiB <= BlockBlobWriter.BlockSize ? 0 : sizeMiB * MiB / BlockBlobWriter.BlockSize, blocks);
        await App.SettledArchiveAsync(setId, ["ffmpeg_0.mkv"]);
    }

    /// <summary>
    /// Sent names that become one stored name are both kept, names that are not UTF-8 too (the host passes the body's
    /// bytes on as they came); a re-send of the same sent name replaces its own file (Watch/NameCollisionTests).
    /// </summary>
    [Fact]
    public async Task Sent_names_that_become_one_are_both_kept_through_the_real_host_also_when_not_utf8()
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();

        var stored = new[]
        {
            await UploadAnswer.StoredNameAsync(await watch.UploadAsync(setId, "a:b.csv", "colon"u8.ToArray())),
            await UploadAnswer.StoredNameAsync(await watch.UploadAsync(setId, "a_b.csv", "underscore"u8.ToArray())),
            await UploadAnswer.StoredNameAsync(await watch.PostBodyAsync(setId, RawFileNameBody.Of("filename=\"x", [0xFF, 0xFE], ".csv\"", "ff fe"))),
            await UploadAnswer.StoredNameAsync(await watch.PostBodyAsync(setId, RawFileNameBody.Of("filename=\"x", [0xFE, 0xFF], ".csv\"", "fe ff"))),
            await UploadAnswer.StoredNameAsync(await watch.UploadAsync(setId, "a:b.csv", "colon again"u8.ToArray())),
            await UploadAnswer.StoredNameAsync(await watch.PostBodyAsync(setId, RawFileNameBody.Of("filename=\"x", [0xFE, 0xFF], ".csv\"", "fe ff again"))),
        };

        Assert.Equal(["a_b.csv", "a_b (2).csv", "x\uFFFD\uFFFD.csv", "x\uFFFD\uFFFD (2).csv", "a_b.csv", "x\uFFFD\uFFFD (2).csv"], stored);
        await App.SettledArchiveAsync(setId, new Dictionary<string, byte[]>
        {
            ["a_b.csv"] = "colon again"u8.ToArray(),
            ["a_b (2).csv"] = "underscore"u8.ToArray(),
            ["x\uFFFD\uFFFD.csv"] = "ff fe"u8.ToArray(),
            ["x\uFFFD\uFFFD (2).csv"] = "fe ff again"u8.ToArray(),
        });
    }

    /// <summary>
    /// The largest case of the deployment's defaults: a body that declares its length is held by the host (its
    /// memory grows by several times the body, released afterwards), a chunked one passes with flat host memory.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_256_MiB_upload_through_the_real_host_is_stored_and_only_a_declared_length_is_buffered_by_the_host(bool declareLength)
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        var content = new SeededContent(256 * MiB, seed: 256, declareLength);
        var (hostProcess, workerProcess) = App.ProcessIds();
        var hostBefore = ProcessMemory.ResidentBytes(hostProcess);
        var workerBefore = ProcessMemory.ResidentBytes(workerProcess);
        ProcessMemory.ResetPeak(hostProcess);
        ProcessMemory.ResetPeak(workerProcess);

        using var response = await watch.UploadAsync(setId, "ffmpeg_1.mkv", content);

        var hostGrowth = ProcessMemory.PeakResidentBytes(hostProcess) - hostBefore;
        var workerGrowth = ProcessMemory.PeakResidentBytes(workerProcess) - workerBefore;
        output.WriteLine($"256 MiB ({(declareLength ? "Content-Length" : "chunked")}) through {FunctionsHostApp.HostDescription}: " +
            $"host peak +{hostGrowth / MiB} MiB ({hostGrowth / (256.0 * MiB):F2} bytes per uploaded byte), worker peak +{workerGrowth / MiB} MiB");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = App.Blobs.GetBlobContainerClient(FunctionsHostApp.RecordingsContainer).GetBlobClient($"{setId}/ffmpeg_1.mkv");
        Assert.Equal(content.Crc32Hex, (await stored.GetPropertiesAsync()).Value.Metadata[RecordingBlobMetadata.Keys.Crc32]);
        Assert.True(workerGrowth < 96 * MiB, $"the worker grew by {workerGrowth / MiB} MiB");
        if (declareLength)
        {
            // The host's HTTP trigger binding reads such a body before the function runs: this is why the
            // deployment caps the upload size per instance (docs/deploy.md).
            Assert.True(hostGrowth > 256 * MiB, $"the host grew by only {hostGrowth / MiB} MiB: has it stopped buffering? Update the limits in docs/deploy.md");
        }
        else
        {
            Assert.True(hostGrowth < 96 * MiB, $"the host grew by {hostGrowth / MiB} MiB for a chunked body");
        }
    }
}
