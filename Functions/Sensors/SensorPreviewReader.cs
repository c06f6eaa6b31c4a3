using Azure.Storage.Blobs.Models;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Sensors;

/// <summary>
/// Builds the page's chart data for one set: every motion-sensor zip downsampled over one shared time window, and
/// the hand-wash time stamps in it. Files are streamed, never loaded whole. With both window bounds given, one pass
/// per file suffices (the origin is found on the way); otherwise a first pass finds the set's time range.
/// </summary>
public sealed class SensorPreviewReader(BlobContainers containers, StorageInitializer storage)
{
    public const int DefaultPoints = 2000;
    public const int MinPoints = 100;
    public const int MaxPoints = 5000;

    /// <param name="points">The bucket budget per file, clamped to [<see cref="MinPoints"/>, <see cref="MaxPoints"/>].</param>
    /// <returns>Null when the set has no files at all (or does not exist).</returns>
    public async Task<SetSensorPreview?> ReadAsync(string setId, long? from, long? to, int points, CancellationToken cancellationToken)
    {
        if (from > to)
        {
            throw new ArgumentException("The window must not end before it starts.", nameof(to));
        }

        await storage.EnsureCreatedAsync(cancellationToken);
        points = Math.Clamp(points, MinPoints, MaxPoints);
        var files = await ListAsync(setId, cancellationToken);
        if (files.Count == 0)
        {
            return null;
        }

        var sensorFiles = files
            .Select(name => (Name: name, Parsed: SensorFileName.TryParse(name, out var parsed) ? parsed : null))
            .Where(f => f.Parsed is not null)
            .OrderBy(f => f.Parsed!.Run).ThenBy(f => f.Parsed!.Sensor, StringComparer.Ordinal)
            .ToList();

        long? earliest = null, latest = null;
        if (from is null || to is null)
        {
            foreach (var file in sensorFiles)
            {
                await foreach (var sample in SensorZip.ReadSamplesAsync(Blob(setId, file.Name), cancellationToken))
                {
                    earliest = Math.Min(earliest ?? long.MaxValue, sample.Timestamp);
                    latest = Math.Max(latest ?? long.MinValue, sample.Timestamp);
                }
            }
        }

        // A bound left open follows the data, but never crosses the bound given.
        var windowFrom = from ?? Math.Min(earliest ?? to ?? 0, to ?? long.MaxValue);
        var windowTo = to ?? Math.Max(latest ?? windowFrom, windowFrom);
        var series = new List<(string Name, SensorFileName Parsed, SensorDownsampler Downsampler)>();
        foreach (var file in sensorFiles)
        {
            var downsampler = new SensorDownsampler(windowFrom, windowTo, points);
            await foreach (var sample in SensorZip.ReadSamplesAsync(Blob(setId, file.Name), cancellationToken))
            {
                downsampler.Add(sample);
                earliest = Math.Min(earliest ?? long.MaxValue, sample.Timestamp);
            }

            series.Add((file.Name, file.Parsed!, downsampler));
        }

        if (earliest is not { } origin)
        {
            return new SetSensorPreview([.. series.Select(s => Preview(s.Name, s.Parsed, s.Downsampler.TotalSamples, windowFrom, windowTo, Empty))], [], null);
        }

        var markers = new List<double>();
        foreach (var name in files.Where(SensorFileName.IsHandWashTimeStamps))
        {
            var content = (await Blob(setId, name).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content;
            await using (content)
            {
                await foreach (var timestamp in SensorCsv.ReadFirstColumnTimestampsAsync(content, cancellationToken))
                {
                    if (timestamp >= windowFrom && timestamp <= windowTo)
                    {
                        markers.Add(SensorDownsampler.Seconds(timestamp, origin));
                    }
                }
            }
        }

        markers.Sort();
        return new SetSensorPreview(
            [.. series.Select(s => Preview(s.Name, s.Parsed, s.Downsampler.TotalSamples, windowFrom, windowTo, s.Downsampler.Result(origin)))],
            markers,
            origin);
    }

    private static readonly DownsampledSeries Empty = new([], new AxisSeries([], [], []), new AxisSeries([], [], []));

    private static SensorPreview Preview(string name, SensorFileName parsed, long total, long from, long to, DownsampledSeries series) =>
        new(parsed.Sensor, name, from, to, total, series.T, series.Min, series.Max);

    private Azure.Storage.Blobs.BlobClient Blob(string setId, string name) => containers.Recordings.GetBlobClient($"{setId}/{name}");

    private async Task<List<string>> ListAsync(string setId, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var blob in containers.Recordings.GetBlobsAsync(new GetBlobsOptions { Prefix = setId + "/" }, cancellationToken))
        {
            names.Add(blob.Name[(setId.Length + 1)..]);
        }

        return names;
    }
}

/// <summary>
/// The preview answer: <c>t</c> and <c>markers</c> are seconds since <c>origin</c>, the set's earliest sensor time
/// stamp (ns). Origin is null when no sensor file holds a readable row; there are then no markers either.
/// </summary>
public sealed record SetSensorPreview(IReadOnlyList<SensorPreview> Sensors, IReadOnlyList<double> Markers, long? Origin);

/// <summary>One file's series over the window [From, To] (ns); TotalSamples counts its rows in the window.</summary>
public sealed record SensorPreview(string Sensor, string FileName, long From, long To, long TotalSamples, double[] T, AxisSeries Min, AxisSeries Max);
