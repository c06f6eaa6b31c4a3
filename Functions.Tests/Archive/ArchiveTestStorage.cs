using System.Diagnostics;
using System.IO.Compression;
using System.IO.Hashing;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RecordingFunctions.Archive;

namespace RecordingFunctions.Tests.Archive;

/// <summary>GUID-named recordings and archives containers on the shared Azurite, deleted on dispose.</summary>
internal sealed class ArchiveTestStorage : IAsyncDisposable
{
    private const string ConnectionString = "UseDevelopmentStorage=true";

    private ArchiveTestStorage(BlobServiceClient service)
    {
        Service = service;
        Containers = new BlobContainers(NewContainer(), NewContainer(), NewContainer(), NewContainer(), NewContainer());
        RebuiltArchives = NewContainer();
    }

    public BlobServiceClient Service { get; }

    public BlobContainers Containers { get; }

    /// <summary>A second archives container, for building the same set's archive from scratch.</summary>
    public BlobContainerClient RebuiltArchives { get; }

    public static async Task<ArchiveTestStorage> CreateAsync()
    {
        var storage = new ArchiveTestStorage(new BlobServiceClient(ConnectionString));
        await storage.Containers.Recordings.CreateAsync();
        await storage.Containers.Archives.CreateAsync();
        await storage.RebuiltArchives.CreateAsync();
        return storage;
    }

    public SetArchiver CreateArchiver(ArchiveOptions? options = null, BlobContainerClient? archives = null, ILogger<SetArchiver>? logger = null) =>
        new(
            Containers with { Archives = archives ?? Containers.Archives },
            new SetListing(Containers),
            new BlobReadLinks(Service),
            options ?? ArchiveOptions.Default,
            logger ?? NullLogger<SetArchiver>.Instance);

    public static SetId NewSetId() => SetId.New();

    public BlobClient Recording(SetId setId, string name) => Containers.Recordings.GetBlobClient(setId.BlobName(name));

    /// <summary>Uploads a recording with the metadata the app writes at upload, unless <paramref name="withChecksum"/> is false.</summary>
    public async Task<DateTimeOffset> UploadAsync(SetId setId, string name, byte[] content, bool microphone = false, bool withChecksum = true)
    {
        var uploaded = DateTimeOffset.UtcNow;
        var metadata = withChecksum
            ? new RecordingBlobMetadata { Uploaded = uploaded }.WithChecksum(Crc32.HashToUInt32(content), content.Length)
            : new RecordingBlobMetadata();
        await Recording(setId, name).UploadAsync(
            new BinaryData(content), new BlobUploadOptions { Metadata = (metadata with { Microphone = microphone ? true : null }).ToMetadata() });
        return uploaded;
    }

    public async Task<byte[]?> DownloadArchiveAsync(SetId setId, BlobContainerClient? archives = null)
    {
        var blob = (archives ?? Containers.Archives).GetBlobClient(setId + ".zip");
        if (!await blob.ExistsAsync())
        {
            return null;
        }

        return (await blob.DownloadContentAsync()).Value.Content.ToArray();
    }

    public async Task<List<string>> CommittedBlockIdsAsync(SetId setId) =>
        (await Containers.Archives.GetBlockBlobClient(setId + ".zip").GetBlockListAsync(BlockListTypes.Committed)).Value
            .CommittedBlocks.Select(block => block.Name).ToList();

    public async ValueTask DisposeAsync()
    {
        await Containers.Recordings.DeleteIfExistsAsync();
        await Containers.Archives.DeleteIfExistsAsync();
        await RebuiltArchives.DeleteIfExistsAsync();
    }

    private BlobContainerClient NewContainer() => Service.GetBlobContainerClient("test-" + Guid.NewGuid().ToString("N"));
}

internal static class ZipAssert
{
    /// <summary>The zip opens with System.IO.Compression and holds exactly these files, byte for byte, in ordinal name order.</summary>
    public static void HoldsExactly(byte[] zip, IReadOnlyDictionary<string, byte[]> expected)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), archive.Entries.Select(entry => entry.FullName));
        foreach (var entry in archive.Entries)
        {
            using var content = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(content);
            }

            Assert.True(expected[entry.FullName].AsSpan().SequenceEqual(content.ToArray()), $"content of {entry.FullName} differs");
        }
    }

    /// <summary>Info-ZIP's <c>unzip -t</c> tests every entry's CRC-32 and the archive structure.</summary>
    public static void PassesUnzipTest(byte[] zip)
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".zip");
        File.WriteAllBytes(path, zip);
        try
        {
            var start = new ProcessStartInfo("/usr/bin/unzip", ["-t", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"unzip -t exited {process.ExitCode}:\n{output}");
            Assert.Contains("No errors detected", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
