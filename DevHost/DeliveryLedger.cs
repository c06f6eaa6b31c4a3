namespace RecordingFunctions.DevHost;

/// <summary>
/// The blob trigger's bookkeeping in memory, a cache of what storage holds (the blobs and their receipts): which
/// version of each blob was delivered, which blobs are queued or being delivered, and when a blob whose delivery
/// failed may be queued by a scan again. Thread-safe; times are read from a monotonic clock by the caller.
/// </summary>
public sealed class DeliveryLedger(BlobTriggerOptions options)
{
    private readonly Dictionary<string, Entry> _blobs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>An upload committed a new version of the blob.</summary>
    /// <returns>True: queue it now. False: it is queued already, and is queued again when that delivery is finished.</returns>
    public bool QueueNewVersion(string blobName)
    {
        lock (_gate)
        {
            var blob = EntryOf(blobName);
            if (blob.Queued)
            {
                blob.Again = true;
                return false;
            }

            blob.Queued = true;
            return true;
        }
    }

    /// <summary>A scan found this version of the blob.</summary>
    /// <returns>True: queue it. False: this version was delivered, the blob is queued, or it is backing off after failures.</returns>
    public bool QueueFound(string blobName, string etag, TimeSpan now)
    {
        lock (_gate)
        {
            var blob = EntryOf(blobName);
            if (blob.Queued || blob.DeliveredETag == etag || now < blob.NotBefore)
            {
                return false;
            }

            blob.Queued = true;
            return true;
        }
    }

    public bool IsDelivered(string blobName, string etag)
    {
        lock (_gate)
        {
            return EntryOf(blobName).DeliveredETag == etag;
        }
    }

    /// <summary>Receipts read from storage; a delivery this process made since wins over them.</summary>
    public void RememberReceipts(IReadOnlyDictionary<string, string> receipts)
    {
        lock (_gate)
        {
            foreach (var (blobName, etag) in receipts)
            {
                EntryOf(blobName).DeliveredETag ??= etag;
            }
        }
    }

    public void Delivered(string blobName, string etag)
    {
        lock (_gate)
        {
            var blob = EntryOf(blobName);
            blob.DeliveredETag = etag;
            blob.Failures = 0;
            blob.NotBefore = TimeSpan.Zero;
        }
    }

    /// <returns>The failures in a row, and how long no scan queues the blob.</returns>
    public (int Failures, TimeSpan Delay) Failed(string blobName, TimeSpan now)
    {
        lock (_gate)
        {
            var blob = EntryOf(blobName);
            blob.Failures++;
            var delay = options.RetryDelay(blob.Failures);
            blob.NotBefore = now + delay;
            return (blob.Failures, delay);
        }
    }

    /// <summary>A delivery ended, delivered or not.</summary>
    /// <returns>True when the blob must be queued again: a new version was committed during the delivery.</returns>
    public bool Finished(string blobName)
    {
        lock (_gate)
        {
            var blob = EntryOf(blobName);
            blob.Queued = blob.Again;
            blob.Again = false;
            return blob.Queued;
        }
    }

    private Entry EntryOf(string blobName)
    {
        if (!_blobs.TryGetValue(blobName, out var blob))
        {
            blob = new Entry();
            _blobs.Add(blobName, blob);
        }

        return blob;
    }

    private sealed class Entry
    {
        /// <summary>The version (ETag, header form) last delivered, from a receipt or a delivery.</summary>
        public string? DeliveredETag { get; set; }

        /// <summary>In the queue or being delivered.</summary>
        public bool Queued { get; set; }

        /// <summary>A new version was committed while queued.</summary>
        public bool Again { get; set; }

        public int Failures { get; set; }

        public TimeSpan NotBefore { get; set; }
    }
}
