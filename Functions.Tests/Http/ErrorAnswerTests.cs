using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecordingFunctions.Configuration;
using RecordingFunctions.Http;
using RecordingFunctions.Storage;
using RecordingFunctions.Tests.Infrastructure;

namespace RecordingFunctions.Tests.Http;

/// <summary>Every error the app answers itself carries the JSON error body, the unforeseen ones too.</summary>
public sealed class ErrorAnswerTests
{
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
    [InlineData("PUT", "recording/new/", "GET, POST")]
    [InlineData("DELETE", "recording/new/", "GET, POST")]
    [InlineData("POST", "tokenauth/request/", "GET")]
    [InlineData("PATCH", "tfmodel/get/latest/", "GET")]
    public async Task A_watch_path_asked_with_another_method_is_a_json_405_naming_the_allowed_ones(string method, string path, string allowed)
    {
        await using var app = await TestApp.StartAsync();

        // With a doubled slash, as a 2022 watch sends, the fallback answers; without, it does as the only route left.
        using var response = await app.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), SimulatedWatch.Of2022(app).Url(path)));
        using var single = await app.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await single.AssertJsonErrorAsync(HttpStatusCode.MethodNotAllowed);

        await response.AssertJsonErrorAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow));
    }

    [Theory]
    [InlineData("GET", "no/such/path")]
    [InlineData("PUT", "no/such/path")]
    [InlineData("DELETE", "manage/api/settings")]
    [InlineData("PATCH", "manage/api/recordings")]
    public async Task A_path_or_method_no_function_serves_is_a_json_404(string method, string path)
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Contains("no such endpoint", await response.AssertJsonErrorAsync(HttpStatusCode.NotFound), StringComparison.Ordinal);
    }
}
