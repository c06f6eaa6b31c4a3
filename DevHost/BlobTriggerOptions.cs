namespace RecordingFunctions.DevHost;

/// <summary>How the development host's blob trigger scans and retries (app settings under <c>DevHost:BlobTrigger</c>).</summary>
public sealed class BlobTriggerOptions
{
    public const string Section = "DevHost:BlobTrigger";

    /// <summary>How often the recordings container is listed for blobs without a receipt (the Functions host's polling trigger scans about as often).</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a blob whose delivery failed is left alone; the wait doubles with every failure in a row.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait, so that a blob is tried again within about this long after storage is back.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait after <paramref name="failures"/> failed deliveries in a row (at least one).</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var doublings = Math.Min(failures - 1, 30);
        var delay = FirstRetryDelay * Math.Pow(2, doublings);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
