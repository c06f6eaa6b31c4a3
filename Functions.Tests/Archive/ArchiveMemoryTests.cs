using RecordingFunctions.Archive;
using Xunit.Abstractions;

namespace RecordingFunctions.Tests.Archive;

[CollectionDefinition(nameof(AllocationMeasurements), DisableParallelization = true)]
public sealed class AllocationMeasurements;

/// <summary>Runs alone, so the process-wide allocation counter sees only the archiver.</summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class ArchiveMemoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int FileSize = 64 * 1024 * 1024;
    private ArchiveTestStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await ArchiveTestStorage.CreateAsync();

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Theory]
    [InlineData(100 * 1024 * 1024)]
    [InlineData(1024 * 1024)]
    public async Task FileDataNeverPassesThroughTheProcess(int rangeSize)
    {
        var setId = ArchiveTestStorage.NewSetId();
        await _storage.UploadAsync(setId, "large.bin", SetArchiverTests.Bytes(FileSize, seed: 42));
        await _storage.UploadAsync(setId, "small.csv", SetArchiverTests.Bytes(10, seed: 43));
        var archiver = _storage.CreateArchiver(new ArchiveOptions { RangeSize = rangeSize });

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await archiver.UpdateAsync(setId, true, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"archiving a {FileSize >> 20} MiB file in {result.StagedBlocks} blocks allocated {allocated / 1024.0:F0} KiB");
        Assert.True(allocated < FileSize / 8, $"allocated {allocated} bytes");
        var properties = await _storage.Containers.Archives.GetBlobClient(setId + ".zip").GetPropertiesAsync();
        Assert.True(properties.Value.ContentLength > FileSize);
    }
}
