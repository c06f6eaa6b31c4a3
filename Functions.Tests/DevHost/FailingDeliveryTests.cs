using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RecordingFunctions.Tests.DevHost;

/// <summary>A blob-created event whose delivery fails again and again is neither lost nor the end of the host.</summary>
public sealed class FailingDeliveryTests
{
    [Fact]
    public async Task A_delivery_that_keeps_failing_is_retried_with_the_host_running_until_it_succeeds()
    {
        await using var app = await TestApp.StartAsync(QuickTrigger.Settings(storage: null));
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();

        // The set index is gone: the archive trigger fails on it at once, every time, until it is back.
        await app.Tables.RecordingSets.DeleteAsync();
        using (var stored = await watch.UploadAsync(setId, "battery_0.csv", "kept"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        var blob = $"{setId}/battery_0.csv";
        await Eventually.UntilAsync("six failed deliveries", () => Task.FromResult(FailuresOf(app, blob).Count), failed => failed > 5);
        Assert.False(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        var failures = FailuresOf(app, blob);
        Assert.Equal(Enumerable.Repeat(LogLevel.Warning, 4), failures.Take(4).Select(f => f.Level));
        Assert.All(failures.Skip(4), f => Assert.Equal(LogLevel.Error, f.Level));
        Assert.All(failures, f => Assert.Equal("TableNotFound", Assert.IsAssignableFrom<RequestFailedException>(f.Exception).ErrorCode));

        await app.Tables.RecordingSets.CreateIfNotExistsAsync();

        var zip = await app.SettledArchiveAsync(setId, ["battery_0.csv"]);
        Assert.Equal("kept"u8.ToArray(), zip["battery_0.csv"]);
    }

    private static List<AppLogEntry> FailuresOf(TestApp app, string blob) =>
        [.. QuickTrigger.Warnings(app).Where(e => e.Message.Contains(blob, StringComparison.Ordinal))];
}
