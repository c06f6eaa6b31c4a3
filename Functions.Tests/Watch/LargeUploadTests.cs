using System.Net;
using RecordingFunctions.Storage;
using RecordingFunctions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RecordingFunctions.Tests.Watch;

[CollectionDefinition(nameof(LargeUploadTests), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>Runs alone, so that the process's peak memory belongs to this upload.</summary>
[Collection(nameof(LargeUploadTests))]
public sealed class LargeUploadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_1_GiB_upload_is_stored_whole_while_memory_stays_flat()
    {
        const long size = 1024L * 1024 * 1024;
        await using var app = await TestApp.StartAsync();
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        var content = new SeededContent(size, seed: 1);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = ProcessMemory.ResidentBytes();
        ProcessMemory.ResetPeak();
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await watch.UploadAsync(setId, "ffmpeg_0_2022-05-01T10:00+0000_f00d.mkv", content);
        var elapsed = started.Elapsed;
        var growth = ProcessMemory.PeakResidentBytes() - before;

        output.WriteLine($"1 GiB upload: {elapsed.TotalSeconds:F1} s ({size / 1048576.0 / elapsed.TotalSeconds:F0} MiB/s), peak memory growth {growth / 1048576.0:F1} MiB (test client and app in one process)");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var properties = (await app.Containers.Recordings.GetBlobClient($"{setId}/ffmpeg_0_2022-05-01T10_00+0000_f00d.mkv").GetPropertiesAsync()).Value;
        Assert.Equal(size, properties.ContentLength);
        Assert.Equal(content.Crc32Hex, properties.Metadata[RecordingMetadata.Crc32]);
        Assert.True(growth < 64L * 1024 * 1024, $"peak memory grew by {growth / 1048576.0:F1} MiB");
    }
}
