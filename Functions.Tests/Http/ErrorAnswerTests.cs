using System.IO.Pipelines;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace RecordingFunctions.Tests.Http;

/// <summary>
/// Every error the app answers itself carries the JSON error body, the unforeseen ones too. The answers to requests
/// that change nothing share one app; a broken configuration and a lower body limit each have an app of their own.
/// </summary>
public sealed class ErrorAnswerTests(SharedTestApp shared) : IClassFixture<SharedTestApp>
{
    private TestApp App => shared.App;

    [Fact]
    public async Task A_function_that_throws_answers_a_json_500_and_logs_an_error()
    {
        await using var app = await TestApp.StartAsync();

        // A document that does not parse before any good one was read: no configuration can be served at all.
        await app.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync();
        await app.Containers.Config.GetBlobClient(ConfigStore.DocumentName).UploadAsync(BinaryData.FromString("user: [unclosed"));
        var watch = SimulatedWatch.Of2021(app);
        watch.Token = "any-token";

        using var newSet = await app.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "recording/new/")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "any-token") },
        });
        using var upload = await watch.UploadAsync(Guid.NewGuid().ToString(), "battery_0.csv", "kept on the watch"u8.ToArray());

        Assert.Equal(RequestFailure.Message, await newSet.AssertJsonErrorAsync(HttpStatusCode.InternalServerError));
        Assert.Equal(RequestFailure.Message, await upload.AssertJsonErrorAsync(HttpStatusCode.InternalServerError));
        Assert.Contains(app.Log.Entries, e => e.Level == LogLevel.Error && e.Exception is ConfigUnavailableException
            && e.Message.Contains("UploadRecordingFile", StringComparison.Ordinal));
        Assert.Empty(await app.AllBlobsAsync());
    }

    [Theory]
    [MemberData(nameof(AppErrorAnswers.Cases), MemberType = typeof(AppErrorAnswers))]
    public async Task An_error_the_app_answers_itself_carries_the_json_body(string @case)
    {
        await AppErrorAnswers.AssertJsonErrorAsync(App, @case);
    }

    /// <summary>Only the development host lets a path starting with '//' through (a 2022 watch's default server name ends in '/').</summary>
    [Theory]
    [InlineData("PUT", "recording/new/", "GET, POST")]
    [InlineData("OPTIONS", "tokenauth/request/", "GET")]
    public async Task A_watch_path_with_a_doubled_slash_asked_with_another_method_is_a_json_405_naming_the_allowed_ones(string method, string path, string allowed)
    {
        using var response = await App.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), SimulatedWatch.Of2022(App).Url(path)));

        await response.AssertJsonErrorAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow));
    }

    /// <summary>
    /// Kestrel refuses a body over its limit (here 1 MiB and the multipart overhead) by throwing where the body is
    /// read; uncaught, that would be an empty 413, or the app's 500. Under the Functions host a chunked body is refused
    /// the same way in the worker, but the host, still sending it, answers 500 itself.
    /// </summary>
    [Fact]
    public async Task A_body_over_the_servers_limit_is_a_json_413_for_any_function_and_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { [DeploymentLimits.MaxUploadBytesSetting] = $"{1024 * 1024}" });
        var settingsBefore = await app.GetJsonAsync("manage/api/settings");
        var oversized = Encoding.UTF8.GetBytes($$"""{"user": "{{new string('a', 2 * 1024 * 1024)}}"}""");

        // Bodies of unknown length: Kestrel counts them as they arrive.
        using var settings = await app.Admin.PutAsync("manage/api/settings", new StreamContent(PipeReader.Create(new MemoryStream(oversized)).AsStream()));
        using var model = new MultipartFormDataContent
        {
            { new SeededContent(2 * 1024 * 1024, seed: 1, declareLength: false), "model", "big.tflite" },
            { new StringContent(AdminApi.DefaultModelSettings), "settings" },
        };
        using var modelAdded = await app.Admin.PostAsync("manage/api/models", model);

        Assert.Contains("could not be read", await settings.AssertJsonErrorAsync(HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
        Assert.Contains("could not be read", await modelAdded.AssertJsonErrorAsync(HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
        Assert.Equal(settingsBefore.ToString(), (await app.GetJsonAsync("manage/api/settings")).ToString());
        Assert.Equal(0, (await app.GetJsonAsync("manage/api/models")).GetArrayLength());
        Assert.DoesNotContain(app.Log.Entries, e => e.Level >= LogLevel.Error);
    }
}
