using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace RecordingFunctions.Sensors;

/// <summary>
/// Streams the rows of a motion-sensor zip straight from its blob: the blob stream is seekable, so the zip reader
/// fetches the central directory and then inflates the one CSV entry as it is read, holding only its buffers.
/// </summary>
public static class SensorZip
{
    /// <summary>An empty zip is its end-of-central-directory record alone.</summary>
    private const int MinimumZipLength = 22;

    public static async IAsyncEnumerable<SensorSample> ReadSamplesAsync(BlobClient blob, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // allowModifications: false pins the version read first, so a file replaced mid-read fails instead of mixing two.
        await using var content = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
        if (content.Length < MinimumZipLength)
        {
            // The blob stream refuses the zip reader's seek before its start instead of reporting a bad zip.
            throw new InvalidDataException($"{blob.Name} is too short to be a zip");
        }

        await using var zip = await ZipArchive.CreateAsync(content, ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken);
        var entry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidDataException($"{blob.Name} holds no CSV entry");
        await using var csv = await entry.OpenAsync(cancellationToken);
        await foreach (var sample in SensorCsv.ReadSamplesAsync(csv, cancellationToken))
        {
            yield return sample;
        }
    }
}
