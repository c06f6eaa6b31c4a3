using System.Diagnostics;

namespace RecordingFunctions.Tests.RealHost;

/// <summary>
/// The limits a local run and a deployment get by default (local.settings.sample.json, infra/): an upload over them is
/// refused by the real host within seconds, is never buffered, stores nothing, and leaves the instance serving.
/// </summary>
public sealed class RealHostLimitTests(RealHostLimitTests.DefaultLimitsHost host) : IClassFixture<RealHostLimitTests.DefaultLimitsHost>
{
    private const long MiB = 1024 * 1024;

    private FunctionsHostApp App => host.App;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_1_GiB_upload_over_the_default_limit_is_refused_within_seconds_without_being_buffered(bool declareLength)
    {
        using (var deploymentLimit = await App.Admin.PutAsJsonAsync("manage/api/settings", new { maxUploadBytes = DeploymentLimits.DefaultMaxUploadBytes }))
        {
            Assert.Equal(HttpStatusCode.OK, deploymentLimit.StatusCode);
        }

        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        var (hostProcess, _) = App.ProcessIds();
        var hostBefore = ProcessMemory.ResidentBytes(hostProcess);
        ProcessMemory.ResetPeak(hostProcess);
        var started = Stopwatch.StartNew();

        HttpStatusCode? status;
        try
        {
            using var response = await watch.UploadAsync(setId, "ffmpeg_0.mkv", new SeededContent(1024 * MiB, seed: 3, declareLength));
            status = response.StatusCode;
        }
        catch (HttpRequestException)
        {
            status = null; // the host may close the connection while the client still sends
        }

        var elapsed = started.Elapsed;
        Assert.NotEqual(HttpStatusCode.OK, status);
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"the refusal took {elapsed.TotalSeconds:F0} s");
        Assert.True(ProcessMemory.PeakResidentBytes(hostProcess) - hostBefore < 128 * MiB, "the host buffered the refused body");
        Assert.False(await App.Blobs.GetBlobContainerClient(FunctionsHostApp.RecordingsContainer).GetBlobClient($"{setId}/ffmpeg_0.mkv").ExistsAsync());

        using var next = await watch.UploadAsync(setId, "battery_0.csv", "still serving"u8.ToArray());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Theory]
    [MemberData(nameof(RefusedUploads.Cases), MemberType = typeof(RefusedUploads))]
    public async Task A_refused_upload_is_a_4xx_with_a_json_message_and_changes_nothing(string refusal) =>
        await RefusedUploads.AssertRefusedAsync(App, AllBlobsAsync, refusal);

    /// <summary>Every blob of the app's containers (the host keeps its own state in azure-webjobs-* containers).</summary>
    private async Task<IReadOnlyList<string>> AllBlobsAsync()
    {
        var names = new List<string>();
        await foreach (var container in App.Blobs.GetBlobContainersAsync())
        {
            if (container.Name.StartsWith("azure-webjobs-", StringComparison.Ordinal))
            {
                continue;
            }

            await foreach (var blob in App.Blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
            {
                names.Add($"{container.Name}/{blob.Name}");
            }
        }

        return names.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A host with the settings of local.settings.sample.json alone, shared by this class's tests.</summary>
    public sealed class DefaultLimitsHost() : StartedApp<FunctionsHostApp>(() => FunctionsHostApp.StartAsync());
}
