using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using RecordingFunctions.DevHost;

namespace RecordingFunctions.Tests.DevHost;

/// <summary>
/// The development host against an Azurite of the test's own that goes down and comes back: the host keeps running,
/// answers clear errors meanwhile, and catches up on every blob-created event it could not deliver, without a restart.
/// </summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task Through_an_outage_the_host_keeps_running_answers_503_and_then_works_again_without_a_restart()
    {
        await using var storage = await StandaloneAzurite.StartAsync();
        await using var app = await TestApp.StartAsync(QuickTrigger.Settings(storage));
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "battery_0.csv", "before"u8.ToArray())).Dispose();
        await app.SettledArchiveAsync(setId, ["battery_0.csv"]);

        await storage.StopAsync();

        using (var health = await app.Http.GetAsync("health"))
        {
            await health.AssertJsonErrorAsync(HttpStatusCode.ServiceUnavailable);
        }

        using (var refused = await watch.UploadAsync(setId, "battery_1.csv", "during"u8.ToArray()))
        {
            Assert.Equal(StorageOutage.Message, await refused.AssertJsonErrorAsync(HttpStatusCode.ServiceUnavailable));
        }

        await Eventually.UntilAsync("a warning that the trigger's scan failed", () => QuickTrigger.Warnings(app).Any());
        Assert.False(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);

        await storage.StartAgainAsync();

        await Eventually.UntilAsync(
            "health answering 200",
            async () =>
            {
                using var health = await app.Http.GetAsync("health");
                return health.StatusCode;
            },
            status => status == HttpStatusCode.OK);
        using (var stored = await watch.UploadAsync(setId, "battery_1.csv", "after"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        var zip = await app.SettledArchiveAsync(setId, ["battery_0.csv", "battery_1.csv"]);
        Assert.Equal("after"u8.ToArray(), zip["battery_1.csv"]);
    }

    [Fact]
    public async Task A_file_stored_by_a_host_that_stopped_before_delivering_it_is_zipped_by_the_next_host_once_storage_is_back()
    {
        await using var storage = await StandaloneAzurite.StartAsync();
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        string setId, password;
        var notDelivering = new Dictionary<string, string?>(QuickTrigger.Settings(storage)) { [BlobTriggerDelivery.DisabledSetting] = "true" };
        await using (var first = await TestApp.StartAsync(notDelivering, prefix))
        {
            password = first.AdminPassword;
            var watch = await first.PairedWatchAsync();
            setId = await watch.NewSetAsync();
            using var stored = await watch.UploadAsync(setId, "battery_0.csv", "pending"u8.ToArray());
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            using var noZip = await first.Admin.GetAsync($"manage/api/recordings/{setId}/zip");
            Assert.Equal(HttpStatusCode.NotFound, noZip.StatusCode);
        }

        await storage.StopAsync();
        await using var second = await TestApp.StartAsync(QuickTrigger.Settings(storage), prefix);
        second.Admin.DefaultRequestHeaders.Authorization = TestApp.BasicAuth(TestApp.AdminUser, password);
        using (var health = await second.Http.GetAsync("health"))
        {
            await health.AssertJsonErrorAsync(HttpStatusCode.ServiceUnavailable);
        }

        await storage.StartAgainAsync();

        var zip = await second.SettledArchiveAsync(setId, ["battery_0.csv"]);
        Assert.Equal("pending"u8.ToArray(), zip["battery_0.csv"]);
        Assert.NotEmpty(QuickTrigger.Warnings(second));
    }

    [Fact]
    public async Task Health_answers_503_within_its_patience_when_storage_takes_connections_but_never_answers()
    {
        // Refused at start, so the containers and tables are still to be created; then a listener that never answers.
        var port = StandaloneAzurite.FreePorts(1)[0];
        var silent = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={StandaloneAzurite.AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { [StorageRegistration.ConnectionName] = silent });
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        try
        {
            var clock = Stopwatch.StartNew();
            using var health = await app.Http.GetAsync("health");
            await health.AssertJsonErrorAsync(HttpStatusCode.ServiceUnavailable);
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, StorageProbe.Patience + TimeSpan.FromSeconds(5));
        }
        finally
        {
            listener.Stop();
        }
    }
}
