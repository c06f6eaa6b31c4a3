namespace RecordingFunctions.Http;

/// <summary>Reads a small JSON request body; null when it is missing or not the expected JSON.</summary>
public static class JsonBody
{
    public const int MaxLength = 256 * 1024;
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxLength)
        {
            return null;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
