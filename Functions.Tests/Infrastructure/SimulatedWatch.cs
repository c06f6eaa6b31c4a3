using System.Net.Http.Headers;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>Sends what the WearOS app sends (device-protocol.md), byte for byte where it matters.</summary>
public sealed class SimulatedWatch(IRunningApp app, string serverName)
{
    /// <summary>The 2022+ default server name ends in '/', so every path arrives with a doubled slash.</summary>
    public static SimulatedWatch Of2022(IRunningApp app) => new(app, app.BaseAddress.ToString());

    public static SimulatedWatch Of2021(IRunningApp app) => new(app, app.BaseAddress.ToString().TrimEnd('/'));

    public string? Token { get; set; }

    /// <summary>The identifier the watch was granted a token for.</summary>
    public string? Identifier { get; private set; }

    public Uri Url(string pathAndQuery) => new(serverName + "/" + pathAndQuery);

    /// <summary>
    /// Asks for a token; <paramref name="encodedIdentifier"/> is put in the query as given (raw or form-encoded).
    /// <paramref name="forwardedFor"/> stands for the watch's address where the app trusts its loopback peer as a proxy.
    /// </summary>
    public async Task<JsonElement> RequestTokenAsync(string encodedIdentifier, string path = "tokenauth/request/", string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url($"{path}?identifier={encodedIdentifier}"));
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await app.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (answer.GetProperty("status").GetString() == "grant")
        {
            Token = answer.GetProperty("token").GetString();
            Identifier = Uri.UnescapeDataString(encodedIdentifier.Replace('+', ' '));
        }

        return answer;
    }

    public async Task<string> NewSetAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("recording/new/"));
        Authorize(request);
        using var response = await app.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("success", answer.GetProperty("status").GetString());
        return answer.GetProperty("uuid").GetString()!;
    }

    public Task<HttpResponseMessage> UploadAsync(string? uuid, string fileName, byte[] content) =>
        UploadAsync(uuid, fileName, new ByteArrayContent(content));

    /// <summary>
    /// An OkHttp multipart upload: one part named <c>file</c> with <c>filename="..."</c> and, for the multi-valued
    /// types the app uses, no part Content-Type at all.
    /// </summary>
    public async Task<HttpResponseMessage> UploadAsync(string? uuid, string fileName, HttpContent file)
    {
        var body = new MultipartFormDataContent("okhttp-" + Guid.NewGuid().ToString("N"));
        file.Headers.ContentType = null;
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = $"\"{fileName}\"" };
        body.Add(file);
        return await PostBodyAsync(uuid, body);
    }

    /// <summary>Posts <paramref name="body"/> as it is to the upload path: for bodies the watch's OkHttp would not frame.</summary>
    public async Task<HttpResponseMessage> PostBodyAsync(string? uuid, HttpContent body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(uuid is null ? "recording/new/" : $"recording/new/?uuid={uuid}")) { Content = body };
        Authorize(request);
        return await app.Http.SendAsync(request);
    }

    /// <summary>
    /// What the watch does for its model (protocol section 4): <c>check/latest</c>, then the model and its settings, each
    /// with <c>?androidid=</c> when it has one (builds since 2022-04-18, which send it as the watch's ANDROID_ID).
    /// </summary>
    public async Task<WatchModel> FetchModelAsync(string? androidId = null)
    {
        var query = androidId is null ? "" : $"?androidid={Uri.EscapeDataString(androidId)}";
        using var check = await app.Http.GetAsync(Url($"tfmodel/check/latest/{query}"));
        using var model = await app.Http.GetAsync(Url($"tfmodel/get/latest/{query}"));
        using var settings = await app.Http.GetAsync(Url($"tfmodel/get/settings/{query}"));
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        return new WatchModel(
            (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeModel").GetString()!,
            SentFileName(model),
            await model.Content.ReadAsByteArrayAsync(),
            SentFileName(settings),
            JsonDocument.Parse(await settings.Content.ReadAsStringAsync()).RootElement);
    }

    /// <summary>The file name as builds since September 2021 read it: everything after <c>filename=</c>.</summary>
    private static string SentFileName(HttpResponseMessage response)
    {
        var header = string.Join(",", response.Content.Headers.GetValues("Content-Disposition"));
        return header[(header.IndexOf("filename=", StringComparison.Ordinal) + "filename=".Length)..];
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }
    }
}

/// <summary>What a watch got for its model: the name <c>check/latest</c> gave, the model file and its settings as sent.</summary>
public sealed record WatchModel(string CheckedName, string FileName, byte[] Model, string SettingsFileName, JsonElement Settings);
