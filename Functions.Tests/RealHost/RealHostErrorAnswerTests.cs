using System.Net.Http.Headers;

namespace RecordingFunctions.Tests.RealHost;

/// <summary>
/// Under the real host, the errors the app answers carry its JSON body: a function that throws gets the app's JSON
/// 500 (the worker middleware), not the host's empty one, and so do the errors it answers without a failure.
/// </summary>
[Collection(SharedRealHost.Name)]
public sealed class RealHostErrorAnswerTests(RealHostFixture host)
{
    [Theory]
    [MemberData(nameof(AppErrorAnswers.Cases), MemberType = typeof(AppErrorAnswers))]
    public Task An_error_the_app_answers_itself_carries_the_json_body(string @case) =>
        AppErrorAnswers.AssertJsonErrorAsync(host.App, @case);

    /// <summary>On a host of its own: it needs a host that has read no configuration yet.</summary>
    [Fact]
    public async Task A_function_that_throws_answers_a_json_500_and_logs_an_error()
    {
        await using var app = await FunctionsHostApp.StartAsync();

        // A document that does not parse before any good one was read (the host's start reads none): no configuration at all.
        await app.Blobs.GetBlobContainerClient("config").GetBlobClient(ConfigStore.DocumentName).UploadAsync(BinaryData.FromString("user: [unclosed"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "recording/new/")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "any-token") },
        };
        using var response = await app.Http.SendAsync(request);

        Assert.Equal(RequestFailure.Message, await response.AssertJsonErrorAsync(HttpStatusCode.InternalServerError));
        await Eventually.UntilAsync(
            "the failure in the host's log", () => app.Output.Contains("NewRecordingSet failed; answered 500", StringComparison.Ordinal));
    }
}
