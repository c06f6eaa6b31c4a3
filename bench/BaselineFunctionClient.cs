namespace RecordingFunctions.Bench;

/// <summary>The baseline function app (bench/BaselineFunction) as the benchmark reaches it through its host.</summary>
public sealed class BaselineFunctionClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = baseAddress,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Sends the same multipart body a watch sends the app; the function stores all of it as blob <paramref name="blobName"/>.</summary>
    public async Task UploadAsync(string blobName, string fileName, long length, ulong seed, bool declareLength, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"upload/{blobName}") { Content = AppClient.UploadBody(fileName, length, seed, declareLength) };
        using var response = await _http.SendAsync(request, ct);
        await AppClient.EnsureSuccessAsync(response, $"baseline upload of {fileName}", ct);
    }

    public void Dispose() => _http.Dispose();
}
