namespace RecordingFunctions.Tests.Infrastructure;

public static class JsonErrors
{
    /// <summary>Asserts the answer has this status and the app's error body <c>{"status": "error", "msg": ...}</c>; returns the message.</summary>
    public static async Task<string> AssertJsonErrorAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("error", answer.GetProperty("status").GetString());
        var message = answer.GetProperty("msg").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message!;
    }
}
