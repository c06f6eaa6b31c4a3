namespace RecordingFunctions.Sensors;

/// <summary>
/// Builds the page's chart data for one set: every motion-sensor zip downsampled over one shared time window, and
/// the hand-wash time stamps in it. Files are streamed, never loaded whole, a few at a time. A window bound left open
/// is taken from the quality figures in the set index; only when a file has none yet (its trigger has not run) does
/// a first pass over the files find the set's time range.
/// </summary>
public sealed class SensorPreviewReader(SetListing listing, SetQueries sets)
{
    public const int DefaultPoints = 2000;
    public const int MinPoints = 100;
    public const int MaxPoints = 5000;

    // Reading is mostly waiting for storage; a few files at once keep the wait short without holding many buffers.
    private const int FilesAtOnce = 4;

    /// <param name="points">The bucket budget per file, clamped to [<see cref="MinPoints"/>, <see cref="MaxPoints"/>].</param>
    /// <returns>Null when the set has no files at all (or does not exist).</returns>
    public async Task<SetSensorPreview?> ReadAsync(SetId setId, long? from, long? to, int points, CancellationToken cancellationToken)
    {
        if (from > to)
        {
            throw new ArgumentException("The window must not end before it starts.", nameof(to));
        }

        points = Math.Clamp(points, MinPoints, MaxPoints);
        var files = (await listing.ReadAsync(setId, cancellationToken)).Files;
        if (files.Count == 0)
        {
            return null;
        }

        var sensorFiles = files
            .Select(file => (File: file, Parsed: SensorFileName.TryParse(file.Name, out var parsed) ? parsed : null!))
            .Where(f => f.Parsed is not null)
            .OrderBy(f => f.Parsed.Run).ThenBy(f => f.Parsed.Sensor, StringComparer.Ordinal)
            .ToArray();

        var ranges = from is null || to is null
            ? await KnownRangesAsync(setId, sensorFiles.Select(f => f.File.Name), cancellationToken)
                ?? await ForEachFileAsync(sensorFiles.Select(f => f.File), () => new TimeRange(), (range, sample) => range.Add(sample.Timestamp), cancellationToken)
            : [];
        var earliest = ranges.Where(r => r.Samples > 0).Select(r => (long?)r.Earliest).Min();
        var latest = ranges.Where(r => r.Samples > 0).Select(r => (long?)r.Latest).Max();

        // A bound left open follows the data, but never crosses the bound given.
        var windowFrom = from ?? Math.Min(earliest ?? to ?? 0, to ?? long.MaxValue);
        var windowTo = to ?? Math.Max(latest ?? windowFrom, windowFrom);
        var passes = await ForEachFileAsync(
            sensorFiles.Select(f => f.File),
            () => (Downsampler: new SensorDownsampler(windowFrom, windowTo, points), Range: new TimeRange()),
            (pass, sample) =>
            {
                pass.Downsampler.Add(sample);
                pass.Range.Add(sample.Timestamp);
            },
            cancellationToken);
        var series = sensorFiles.Zip(passes, (file, pass) => (file.File.Name, file.Parsed, pass.Downsampler)).ToList();
        if (passes.Where(p => p.Range.Samples > 0).Select(p => (long?)p.Range.Earliest).Min() is not { } origin)
        {
            return new SetSensorPreview([.. series.Select(s => Preview(s.Name, s.Parsed, s.Downsampler.TotalSamples, windowFrom, windowTo, Empty))], [], null);
        }

        var markers = new List<double>();
        foreach (var file in files.Where(f => SensorFileName.IsHandWashTimeStamps(f.Name)))
        {
            var content = (await file.Blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content;
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

    /// <summary>Each file's time range from the quality figures in the set index, or null when a file has none.</summary>
    private async Task<TimeRange[]?> KnownRangesAsync(SetId setId, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var quality = (await sets.GetAsync(setId, cancellationToken))?.Quality.ToDictionary(q => q.FileName) ?? [];
        var ranges = new List<TimeRange>();
        foreach (var name in names)
        {
            if (!quality.TryGetValue(name, out var figures))
            {
                return null;
            }

            ranges.Add(new TimeRange(figures.Samples, figures.FirstTimestamp, figures.LastTimestamp));
        }

        return [.. ranges];
    }

    /// <summary>Streams every named sensor zip into a state of its own, a few files at once; states come back in file order.</summary>
    private static async Task<T[]> ForEachFileAsync<T>(
        IEnumerable<StoredFile> sensorFiles, Func<T> create, Action<T, SensorSample> add, CancellationToken cancellationToken)
    {
        var files = sensorFiles.ToArray();
        var states = new T[files.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, files.Length),
            new ParallelOptions { MaxDegreeOfParallelism = FilesAtOnce, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var state = create();
                try
                {
                    await foreach (var sample in SensorZip.ReadSamplesAsync(files[index].Blob, token))
                    {
                        add(state, sample);
                    }
                }
                catch (InvalidDataException)
                {
                    // A zip the watch cut short: the page shows it without samples, as its quality figures do.
                    state = create();
                }

                states[index] = state;
            });
        return states;
    }
}

/// <summary>
/// The preview answer: <c>t</c> and <c>markers</c> are seconds since <c>origin</c>, the set's earliest sensor time
/// stamp (ns). Origin is null when no sensor file holds a readable row; there are then no markers either.
/// </summary>
public sealed record SetSensorPreview(IReadOnlyList<SensorPreview> Sensors, IReadOnlyList<double> Markers, long? Origin);

/// <summary>One file's series over the window [From, To] (ns); TotalSamples counts its rows in the window.</summary>
public sealed record SensorPreview(string Sensor, string FileName, long From, long To, long TotalSamples, double[] T, AxisSeries Min, AxisSeries Max);

/// <summary>The count and the earliest and latest time stamps of one file's rows.</summary>
internal sealed class TimeRange(long samples = 0, long earliest = long.MaxValue, long latest = long.MinValue)
{
    public long Samples { get; private set; } = samples;

    public long Earliest { get; private set; } = earliest;

    public long Latest { get; private set; } = latest;

    public void Add(long timestamp)
    {
        Samples++;
        Earliest = Math.Min(Earliest, timestamp);
        Latest = Math.Max(Latest, timestamp);
    }
}
