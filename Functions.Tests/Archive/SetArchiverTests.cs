using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using RecordingFunctions.Archive;
using Xunit.Abstractions;

namespace RecordingFunctions.Tests.Archive;

public sealed class SetArchiverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int SmallRange = 1024 * 1024;
    private ArchiveTestStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await ArchiveTestStorage.CreateAsync();

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ArchiveHoldsEverySetFileByteForByte(bool forceZip64)
    {
        var setId = ArchiveTestStorage.NewSetId();
        var files = new Dictionary<string, byte[]>
        {
            ["empty.csv"] = [],
            ["accéléromètre-données_✓.csv"] = "x,y,z\n1,2,3\n"u8.ToArray(),
            ["with spaces in name.bin"] = Bytes(1000, seed: 1),
            ["sensor-long.bin"] = Bytes((3 * SmallRange) + 12345, seed: 2), // four source ranges
            ["a.txt"] = "a"u8.ToArray(),
        };
        var uploaded = new Dictionary<string, DateTimeOffset>();
        foreach (var (name, content) in files)
        {
            uploaded[name] = await _storage.UploadAsync(setId, name, content);
        }

        var result = await _storage.CreateArchiver(new ArchiveOptions { RangeSize = SmallRange, ForceZip64 = forceZip64 })
            .UpdateAsync(setId, includeMicrophoneFiles: true, CancellationToken.None);

        Assert.Equal(new ArchiveResult(ArchiveOutcome.Committed, 5, 5 + 1 + 1 + 4 + 1 + 1), result);
        var zip = (await _storage.DownloadArchiveAsync(setId))!;
        ZipAssert.HoldsExactly(zip, files);
        ZipAssert.PassesUnzipTest(zip);
        using var archive = new ZipArchive(new MemoryStream(zip));
        Assert.All(archive.Entries, entry => Assert.True(
            (uploaded[entry.FullName].UtcDateTime - entry.LastWriteTime.DateTime).Duration() < TimeSpan.FromSeconds(2),
            $"{entry.FullName} time {entry.LastWriteTime} vs uploaded {uploaded[entry.FullName]}"));
        var properties = await _storage.Containers.Archives.GetBlobClient(setId + ".zip").GetPropertiesAsync();
        Assert.Equal("application/zip", properties.Value.ContentType);
    }

    [Fact]
    public async Task AddReplaceAndDeleteRewriteOnlyTheChangedEntryAndTheDirectory()
    {
        var setId = ArchiveTestStorage.NewSetId();
        var files = new Dictionary<string, byte[]>
        {
            ["b.bin"] = Bytes(2 * SmallRange, seed: 3),
            ["d.bin"] = Bytes(100, seed: 4),
        };
        foreach (var (name, content) in files)
        {
            await _storage.UploadAsync(setId, name, content);
        }

        var archiver = _storage.CreateArchiver(new ArchiveOptions { RangeSize = SmallRange });
        await archiver.UpdateAsync(setId, true, CancellationToken.None);
        var initial = await _storage.CommittedBlockIdsAsync(setId);
        Assert.Equal(1 + 2 + 1 + 1 + 1, initial.Count);
        var bBlocks = initial[..3];
        var dBlocks = initial[3..5];

        // Add "c.bin" between the two: its header and data are staged, the others' blocks re-committed.
        files["c.bin"] = Bytes(10, seed: 5);
        await _storage.UploadAsync(setId, "c.bin", files["c.bin"]);
        Assert.Equal(new ArchiveResult(ArchiveOutcome.Committed, 3, 3), await archiver.UpdateAsync(setId, true, CancellationToken.None));
        var added = await _storage.CommittedBlockIdsAsync(setId);
        Assert.Equal(bBlocks, added[..3]);
        Assert.Equal(dBlocks, added[5..7]);
        ZipAssert.HoldsExactly((await _storage.DownloadArchiveAsync(setId))!, files);

        // Replace "b.bin": its blocks are swapped for new ones, "c.bin" and "d.bin" keep theirs.
        files["b.bin"] = Bytes(SmallRange + 1, seed: 6);
        await _storage.UploadAsync(setId, "b.bin", files["b.bin"]);
        Assert.Equal(new ArchiveResult(ArchiveOutcome.Committed, 3, 4), await archiver.UpdateAsync(setId, true, CancellationToken.None));
        var replaced = await _storage.CommittedBlockIdsAsync(setId);
        Assert.Empty(replaced[..3].Intersect(bBlocks));
        Assert.Equal(added[3..7], replaced[3..7]);
        ZipAssert.HoldsExactly((await _storage.DownloadArchiveAsync(setId))!, files);

        // Delete "c.bin": only the directory is new.
        files.Remove("c.bin");
        await _storage.Recording(setId, "c.bin").DeleteAsync();
        Assert.Equal(new ArchiveResult(ArchiveOutcome.Committed, 2, 1), await archiver.UpdateAsync(setId, true, CancellationToken.None));
        var deleted = await _storage.CommittedBlockIdsAsync(setId);
        Assert.Equal([.. replaced[..3], .. replaced[5..7]], deleted[..^1]);
        var zip = (await _storage.DownloadArchiveAsync(setId))!;
        ZipAssert.HoldsExactly(zip, files);
        ZipAssert.PassesUnzipTest(zip);

        Assert.Equal(new ArchiveResult(ArchiveOutcome.Unchanged, 2, 0), await archiver.UpdateAsync(setId, true, CancellationToken.None));
    }

    [Fact]
    public async Task EmptiedSetDeletesItsArchive()
    {
        var setId = ArchiveTestStorage.NewSetId();
        await _storage.UploadAsync(setId, "only.csv", Bytes(10, seed: 7));
        var archiver = _storage.CreateArchiver();
        await archiver.UpdateAsync(setId, true, CancellationToken.None);

        await _storage.Recording(setId, "only.csv").DeleteAsync();

        Assert.Equal(ArchiveOutcome.Deleted, (await archiver.UpdateAsync(setId, true, CancellationToken.None)).Outcome);
        Assert.Null(await _storage.DownloadArchiveAsync(setId));
        Assert.Equal(ArchiveOutcome.Deleted, (await archiver.UpdateAsync(setId, true, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task RecordingWithoutChecksumIsReadOnceAndGetsItsMetadata()
    {
        var setId = ArchiveTestStorage.NewSetId();
        var content = Bytes(3000, seed: 8);
        await _storage.UploadAsync(setId, "migrated.bin", content, withChecksum: false);
        var recording = _storage.Recording(setId, "migrated.bin");
        var created = (await recording.GetPropertiesAsync()).Value.CreatedOn;
        var archiver = _storage.CreateArchiver();

        await archiver.UpdateAsync(setId, true, CancellationToken.None);

        var properties = (await recording.GetPropertiesAsync()).Value;
        Assert.Equal(Crc32.HashToUInt32(content).ToString("x8", CultureInfo.InvariantCulture), properties.Metadata[RecordingBlobMetadata.Keys.Crc32]);
        Assert.Equal("3000", properties.Metadata[RecordingBlobMetadata.Keys.Length]);
        Assert.Equal(created, DateTimeOffset.Parse(properties.Metadata[RecordingBlobMetadata.Keys.Uploaded], CultureInfo.InvariantCulture));
        ZipAssert.HoldsExactly((await _storage.DownloadArchiveAsync(setId))!, new Dictionary<string, byte[]> { ["migrated.bin"] = content });

        Assert.Equal(ArchiveOutcome.Unchanged, (await archiver.UpdateAsync(setId, true, CancellationToken.None)).Outcome);
        Assert.Equal(properties.ETag, (await recording.GetPropertiesAsync()).Value.ETag);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MicrophoneFilesAreLeftOutUnlessIncluded(bool includeMicrophoneFiles)
    {
        var setId = ArchiveTestStorage.NewSetId();
        var files = new Dictionary<string, byte[]> { ["accel.csv"] = Bytes(50, seed: 9) };
        await _storage.UploadAsync(setId, "accel.csv", files["accel.csv"]);
        var audio = Bytes(70, seed: 10);
        await _storage.UploadAsync(setId, "renamed.bin", audio, microphone: true);
        if (includeMicrophoneFiles)
        {
            files["renamed.bin"] = audio;
        }

        await _storage.CreateArchiver().UpdateAsync(setId, includeMicrophoneFiles, CancellationToken.None);

        ZipAssert.HoldsExactly((await _storage.DownloadArchiveAsync(setId))!, files);
    }

    [Fact]
    public async Task ConcurrentUploadsAndUpdatesConvergeOnEveryFile()
    {
        const int count = 20;
        var setId = ArchiveTestStorage.NewSetId();
        var files = Enumerable.Range(0, count).ToDictionary(i => $"file-{i:D2}.csv", i => Bytes(200 + i, seed: 100 + i));
        var log = new CapturedLog<SetArchiver>();
        var archiver = _storage.CreateArchiver(logger: log);

        // Each upload is followed by its own update, as the blob trigger would run it; all race one another.
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(files.Select(async file =>
        {
            await Task.Delay(Random.Shared.Next(300));
            await _storage.UploadAsync(setId, file.Key, file.Value);
            return await archiver.UpdateAsync(setId, true, CancellationToken.None);
        }));
        output.WriteLine($"{count} concurrent upload+update pairs settled in {clock.ElapsedMilliseconds} ms; outcomes: "
            + string.Join(", ", results.GroupBy(result => result.Outcome).Select(group => $"{group.Key} {group.Count()}"))
            + $"; lost races retried: {log.Entries.Count(entry => entry.Message.Contains("retrying", StringComparison.Ordinal))}");

        ZipAssert.HoldsExactly((await _storage.DownloadArchiveAsync(setId))!, files);
        Assert.Equal(new ArchiveResult(ArchiveOutcome.Unchanged, count, 0), await archiver.UpdateAsync(setId, true, CancellationToken.None));
    }

    [Fact]
    public async Task AddingAFileCostsTheSameForSmallAndLargeSets()
    {
        await MeasureAddAsync(existingFiles: 2); // warms up connections and JIT
        foreach (var existingFiles in new[] { 2, 200 })
        {
            var (build, add) = await MeasureAddAsync(existingFiles);
            output.WriteLine($"set of {existingFiles}: first build {build.TotalMilliseconds:F0} ms; adding one 1 KiB file, median of 7: {add.TotalMilliseconds:F1} ms");
        }
    }

    private async Task<(TimeSpan Build, TimeSpan MedianAdd)> MeasureAddAsync(int existingFiles)
    {
        var setId = ArchiveTestStorage.NewSetId();
        await Parallel.ForEachAsync(Enumerable.Range(0, existingFiles), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => await _storage.UploadAsync(setId, $"existing-{i:D4}.csv", Bytes(1024, seed: i)));
        var archiver = _storage.CreateArchiver();
        var build = Stopwatch.StartNew();
        await archiver.UpdateAsync(setId, true, CancellationToken.None);
        build.Stop();

        var timings = new List<TimeSpan>();
        for (var round = 0; round < 7; round++)
        {
            await _storage.UploadAsync(setId, $"added-{round}.csv", Bytes(1024, seed: 1000 + round));
            var clock = Stopwatch.StartNew();
            var result = await archiver.UpdateAsync(setId, true, CancellationToken.None);
            timings.Add(clock.Elapsed);
            Assert.Equal(3, result.StagedBlocks); // header, data, directory
        }

        return (build.Elapsed, timings.Order().ElementAt(timings.Count / 2));
    }

    internal static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
