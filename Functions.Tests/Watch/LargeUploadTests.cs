using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Xunit.Abstractions;

namespace RecordingFunctions.Tests.Watch;

[CollectionDefinition(nameof(LargeUploadTests), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>
/// Runs alone, so that the process's peak memory belongs to this upload. The development host hands the body to the
/// app as it arrives; the real Functions host holds a body that declares its length (RealHostUploadTests), which is
/// why the deployment's limit is far below 1 GiB and these tests raise it.
/// </summary>
[Collection(nameof(LargeUploadTests))]
public sealed class LargeUploadTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_1_GiB_upload_is_stored_whole_while_memory_stays_flat_on_the_development_host_which_never_buffers_a_body(bool bodyDeclaresLength)
    {
        const long size = 1024L * 1024 * 1024;
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { [DeploymentLimits.MaxUploadBytesSetting] = $"{2 * size}" });
        await app.Services.GetRequiredService<ConfigStore>().UpdateAsync(s => s with { MaxUploadBytes = 2 * size });
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        var content = new SeededContent(size, seed: 1, bodyDeclaresLength);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = ProcessMemory.ResidentBytes();
        ProcessMemory.ResetPeak();
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await watch.UploadAsync(setId, "ffmpeg_0_2022-05-01T10:00+0000_f00d.mkv", content);
        var elapsed = started.Elapsed;
        var growth = ProcessMemory.PeakResidentBytes() - before;

        output.WriteLine($"1 GiB upload ({(bodyDeclaresLength ? "Content-Length" : "chunked")}): {elapsed.TotalSeconds:F1} s ({size / 1048576.0 / elapsed.TotalSeconds:F0} MiB/s), peak memory growth {growth / 1048576.0:F1} MiB (test client and app in one process)");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var blob = app.Containers.Recordings.GetBlockBlobClient($"{setId}/ffmpeg_0_2022-05-01T10_00+0000_f00d.mkv");
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal(size, properties.ContentLength);
        Assert.Equal(content.Crc32Hex, properties.Metadata[RecordingBlobMetadata.Keys.Crc32]);
        var blocks = (await blob.GetBlockListAsync(BlockListTypes.Committed)).Value.CommittedBlocks.Count();
        Assert.Equal(bodyDeclaresLength ? 0 : size / BlockBlobWriter.BlockSize, blocks);
        Assert.True(growth < 64L * 1024 * 1024, $"peak memory grew by {growth / 1048576.0:F1} MiB");
    }
}
