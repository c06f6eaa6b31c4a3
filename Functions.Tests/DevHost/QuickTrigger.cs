using Microsoft.Extensions.Logging;
using RecordingFunctions.DevHost;

namespace RecordingFunctions.Tests.DevHost;

/// <summary>The development host's blob trigger made quick for tests, and what it logged.</summary>
public static class QuickTrigger
{
    /// <summary>Settings for a trigger that scans and retries within a fraction of a second, on <paramref name="storage"/> if given.</summary>
    public static Dictionary<string, string?> Settings(StandaloneAzurite? storage)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{BlobTriggerOptions.Section}:{nameof(BlobTriggerOptions.ScanInterval)}"] = "00:00:00.2",
            [$"{BlobTriggerOptions.Section}:{nameof(BlobTriggerOptions.FirstRetryDelay)}"] = "00:00:00.1",
            [$"{BlobTriggerOptions.Section}:{nameof(BlobTriggerOptions.MaxRetryDelay)}"] = "00:00:00.4",
        };
        if (storage is not null)
        {
            settings[StorageRegistration.ConnectionName] = storage.ConnectionString;
        }

        return settings;
    }

    public static IEnumerable<AppLogEntry> Warnings(TestApp app) =>
        app.Log.Entries.Where(e => e.Category == typeof(BlobTriggerDelivery).FullName && e.Level >= LogLevel.Warning);
}
