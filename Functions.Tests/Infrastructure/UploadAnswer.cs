namespace RecordingFunctions.Tests.Infrastructure;

public static class UploadAnswer
{
    /// <summary>Asserts a 200 and returns the stored name it names (<c>{"status": "success, uploaded NAME"}</c>); disposes the answer.</summary>
    public static async Task<string> StoredNameAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var status = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
            const string prefix = "success, uploaded ";
            Assert.StartsWith(prefix, status, StringComparison.Ordinal);
            return status[prefix.Length..];
        }
    }
}
