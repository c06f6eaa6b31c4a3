using Azure;
using Azure.Storage.Blobs;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Sensors;

/// <summary>Measures a motion-sensor zip as it arrives and keeps the figures in the set index, so the page never rereads files for them.</summary>
public sealed class SensorQualityAnalyzer(SetIndex sets)
{
    /// <summary>
    /// Records the quality of <paramref name="fileName"/> when it is a motion-sensor zip; other files are left alone,
    /// and so is a file deleted before its trigger ran.
    /// </summary>
    public async Task RecordIfSensorFileAsync(string setId, string fileName, BlobClient blob, CancellationToken cancellationToken)
    {
        if (!SensorFileName.TryParse(fileName, out var parsed))
        {
            return;
        }

        SensorQuality quality;
        try
        {
            quality = await AnalyzeAsync(blob, fileName, parsed.Sensor, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return;
        }

        await sets.RecordSensorQualityAsync(setId, quality, cancellationToken);
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
