using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RecordingFunctions.Bench;

/// <summary>The app as a watch and its admin reach it: the device protocol and the management API over HTTP.</summary>
public sealed class AppClient(Uri baseAddress, AdminCredentials admin) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = baseAddress,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private string? _token;

    /// <summary>Pairs a watch as a study does: request, grant in the management API, request again for the token.</summary>
    public async Task PairAsync(string identifier, CancellationToken ct)
    {
        var first = await GetJsonAsync(new HttpRequestMessage(HttpMethod.Get, $"tokenauth/request/?identifier={Uri.EscapeDataString(identifier)}"), ct);
        Expect(first.GetProperty("status").GetString() == "new", $"pairing request answered {first}");

        var requests = await GetJsonAsync(Admin(HttpMethod.Get, "manage/api/pairing/requests"), ct);
        var id = requests.EnumerateArray().Single(r => r.GetProperty("identifier").GetString() == identifier).GetProperty("id").GetString();
        await GetJsonAsync(Admin(HttpMethod.Post, $"manage/api/pairing/requests/{id}/grant"), ct);

        var granted = await GetJsonAsync(new HttpRequestMessage(HttpMethod.Get, $"tokenauth/request/?identifier={Uri.EscapeDataString(identifier)}"), ct);
        Expect(granted.GetProperty("status").GetString() == "grant", $"pairing after the grant answered {granted}");
        _token = granted.GetProperty("token").GetString();
    }

    /// <summary>Sets the study's maximum upload size, as the admin does in the page.</summary>
    public async Task SetMaxUploadBytesAsync(long maxUploadBytes, CancellationToken ct)
    {
        var request = Admin(HttpMethod.Put, "manage/api/settings");
        request.Content = JsonContent.Create(new { maxUploadBytes });
        await GetJsonAsync(request, ct);
    }

    public async Task<string> NewSetAsync(CancellationToken ct)
    {
        var answer = await GetJsonAsync(Watch(HttpMethod.Get, "recording/new/"), ct);
        return answer.GetProperty("uuid").GetString()!;
    }

    /// <summary>
    /// Uploads <paramref name="length"/> seeded bytes as an OkHttp multipart body, which declares its length (as the
    /// watch's does) or is sent chunked; returns when the app answered 2xx.
    /// </summary>
    public async Task UploadAsync(string setId, string fileName, long length, ulong seed, bool declareLength, CancellationToken ct)
    {
        using var request = Watch(HttpMethod.Post, $"recording/new/?uuid={setId}");
        request.Content = UploadBody(fileName, length, seed, declareLength);
        using var response = await _http.SendAsync(request, ct);
        await EnsureSuccessAsync(response, $"upload of {fileName}", ct);
    }

    /// <summary>The body of a watch's upload: one multipart part named "file"; chunked unless the length is declared.</summary>
    public static MultipartFormDataContent UploadBody(string fileName, long length, ulong seed, bool declareLength)
    {
        var file = SeededStream.Content(seed, length, declareLength);
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = $"\"{fileName}\"" };
        return new MultipartFormDataContent("bench-" + Guid.NewGuid().ToString("N")) { file };
    }

    /// <summary>Downloads the set's zip through the app, discarding the bytes; returns how many arrived.</summary>
    public async Task<long> DownloadZipAsync(string setId, CancellationToken ct)
    {
        using var request = Admin(HttpMethod.Get, $"manage/api/recordings/{setId}/zip");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await EnsureSuccessAsync(response, "zip download", ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        return await Discard(body, ct);
    }

    /// <summary>An admin GET: the status and the body.</summary>
    public async Task<(int Status, string Body)> AdminGetAsync(string path, CancellationToken ct)
    {
        using var response = await _http.SendAsync(Admin(HttpMethod.Get, path), ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>An admin POST of a JSON body: the answer's JSON (a non-2xx throws).</summary>
    public async Task<JsonElement> AdminPostJsonAsync(string path, object body, CancellationToken ct)
    {
        var request = Admin(HttpMethod.Post, path);
        request.Content = JsonContent.Create(body);
        return await GetJsonAsync(request, ct);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Reads a stream to its end into a reused buffer; returns the byte count.</summary>
    public static async Task<long> Discard(Stream source, CancellationToken ct)
    {
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
        }

        return total;
    }

    private HttpRequestMessage Watch(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token ?? throw new InvalidOperationException("Pair first."));
        return request;
    }

    private HttpRequestMessage Admin(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{admin.User}:{admin.Password}")));
        request.Headers.Add("X-Requested-With", "bench");
        return request;
    }

    private async Task<JsonElement> GetJsonAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request, ct);
            await EnsureSuccessAsync(response, $"{request.Method} {request.RequestUri}", ct);
            return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        }
    }

    /// <summary>Reads the body for the failure message only when the answer is an error, not on every timed request.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    private static void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            throw new InvalidOperationException(failure);
        }
    }
}
