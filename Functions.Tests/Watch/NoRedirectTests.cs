namespace RecordingFunctions.Tests.Watch;

/// <summary>No watch path is ever answered with a redirect (protocol, "Redirects"), under the development host.</summary>
public sealed class NoRedirectTests
{
    [Fact]
    public async Task No_watch_path_is_redirected_by_get_or_post_with_or_without_slashes()
    {
        await using var app = await TestApp.StartAsync();

        Assert.Empty(await WatchPathSweep.RedirectedAsync(app));
    }

    /// <summary>Downloads in the management API redirect to a read link from a size; the model a watch gets never does.</summary>
    [Fact]
    public async Task No_watch_path_is_redirected_with_a_model_served_either_even_over_the_download_redirect_size()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { [$"{DownloadOptions.Section}:RedirectFromBytes"] = "1" });
        await app.AddModelAsync("handwash", "tflite", [1, 2, 3]);

        Assert.Empty(await WatchPathSweep.RedirectedAsync(app));
    }
}
