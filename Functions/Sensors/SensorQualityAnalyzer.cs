namespace RecordingFunctions.Sensors;

/// <summary>Measures a motion-sensor zip as it arrives, so that the set index keeps its figures and the page never rereads files for them.</summary>
public static class SensorQualityAnalyzer
{
    /// <summary>
    /// The quality of <paramref name="file"/> when it is a motion-sensor zip; null for other files, and for a file
    /// deleted before it was read.
    /// </summary>
    public static async Task<SensorQuality?> MeasureAsync(StoredFile file, CancellationToken cancellationToken)
    {
        if (!SensorFileName.TryParse(file.Name, out var parsed))
        {
            return null;
        }

        try
        {
            return await AnalyzeAsync(file.Blob, file.Name, parsed.Sensor, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Streams the file once. A zip that cannot be read as one (a watch cut short while writing it) is recorded with
    /// zero samples rather than failing: retrying the trigger would not change the file.
    /// </summary>
    public static async Task<SensorQuality> AnalyzeAsync(BlobClient blob, string fileName, string sensor, CancellationToken cancellationToken)
    {
        var measure = new QualityMeasure();
        try
        {
            await foreach (var sample in SensorZip.ReadSamplesAsync(blob, cancellationToken))
            {
                measure.Add(sample.Timestamp);
            }
        }
        catch (InvalidDataException)
        {
            measure = new QualityMeasure();
        }

        return measure.Result(fileName, sensor);
    }

    /// <summary>The running figures of one file's time stamps.</summary>
    private sealed class QualityMeasure
    {
        private long _samples;
        private long _earliest = long.MaxValue;
        private long _latest = long.MinValue;
        private long _previous;
        private long _longestGap;

        public void Add(long timestamp)
        {
            if (_samples > 0)
            {
                _longestGap = Math.Max(_longestGap, timestamp - _previous);
            }

            _samples++;
            _previous = timestamp;
            _earliest = Math.Min(_earliest, timestamp);
            _latest = Math.Max(_latest, timestamp);
        }

        public SensorQuality Result(string fileName, string sensor)
        {
            var duration = _samples > 1 ? (_latest - _earliest) / 1e9 : 0;
            var rate = duration > 0 ? (_samples - 1) / duration : 0;
            return new SensorQuality(fileName, sensor, _samples, duration, rate, _longestGap / 1e9)
            {
                FirstTimestamp = _samples > 0 ? _earliest : 0,
                LastTimestamp = _samples > 0 ? _latest : 0,
            };
        }
    }
}
