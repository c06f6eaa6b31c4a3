using System.Net.Http.Headers;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// The README's table of refused uploads, each sent the way it would reach the app, for whichever host serves it:
/// every one is a 4xx with the app's JSON message and leaves storage as it was.
/// </summary>
public static class RefusedUploads
{
    /// <summary>The configuration's maximum upload size while the cases are sent: room for a file over one block.</summary>
    public const int MaxUploadBytes = 5 * 1024 * 1024;

    /// <summary>The README's table: each refusal with the status it promises.</summary>
    private static readonly Dictionary<string, HttpStatusCode> PromisedStatus = new()
    {
        ["no token"] = HttpStatusCode.Unauthorized,
        ["wrong token"] = HttpStatusCode.Unauthorized,
        ["revoked token"] = HttpStatusCode.Unauthorized,
        ["no uuid"] = HttpStatusCode.BadRequest,
        ["uuid=../x"] = HttpStatusCode.BadRequest,
        ["no file part"] = HttpStatusCode.BadRequest,
        ["not multipart"] = HttpStatusCode.BadRequest,
        ["empty file name"] = HttpStatusCode.BadRequest,
        ["name with a path"] = HttpStatusCode.BadRequest,
        ["name with a backslash path"] = HttpStatusCode.BadRequest,
        ["leading dot"] = HttpStatusCode.BadRequest,
        ["whitespace then a dot"] = HttpStatusCode.BadRequest,
        ["control character"] = HttpStatusCode.BadRequest,
        ["disallowed ending"] = HttpStatusCode.UnsupportedMediaType,
        ["no ending"] = HttpStatusCode.UnsupportedMediaType,
        ["over-size body"] = HttpStatusCode.RequestEntityTooLarge,
        [MalformedMultipart.NoColon] = HttpStatusCode.BadRequest,
        [MalformedMultipart.LongLine] = HttpStatusCode.BadRequest,
        [MalformedMultipart.TooManyHeaders] = HttpStatusCode.BadRequest,
        ["cut off midway"] = HttpStatusCode.BadRequest,
        [MalformedMultipart.PartAfterLargeFile] = HttpStatusCode.BadRequest,
        [MalformedMultipart.EpilogueAfterLargeFile] = HttpStatusCode.BadRequest,
    };

    public static TheoryData<string> Cases => new(PromisedStatus.Keys);

    /// <summary>
    /// Pairs a watch, stores one file and lets its archive settle, then sends <paramref name="refusal"/> and asserts
    /// the answer and that <paramref name="allBlobs"/> (every blob of the app) is unchanged.
    /// </summary>
    public static async Task AssertRefusedAsync(IRunningApp app, Func<Task<IReadOnlyList<string>>> allBlobs, string refusal)
    {
        using (var limit = await app.Admin.PutAsJsonAsync("manage/api/settings", new { maxUploadBytes = MaxUploadBytes }))
        {
            Assert.Equal(HttpStatusCode.OK, limit.StatusCode);
        }

        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "kept_0.csv", "kept"u8.ToArray())).Dispose();
        await app.SettledArchiveAsync(setId, ["kept_0.csv"]);
        var before = await allBlobs();

        using var response = refusal switch
        {
            "no token" => await As(watch, null, w => w.UploadAsync(setId, "a.csv", "x"u8.ToArray())),
            "wrong token" => await As(watch, "not-a-token", w => w.UploadAsync(setId, "a.csv", "x"u8.ToArray())),
            "revoked token" => await RevokedAsync(app, watch, w => w.UploadAsync(setId, "a.csv", "x"u8.ToArray())),
            "no uuid" => await watch.UploadAsync(null, "a.csv", "x"u8.ToArray()),
            "uuid=../x" => await watch.UploadAsync("../x", "a.csv", "x"u8.ToArray()),
            "no file part" => await watch.PostBodyAsync(setId, Multipart("other", "a.csv")),
            "empty file name" => await watch.UploadAsync(setId, "", "x"u8.ToArray()),
            "name with a path" => await watch.UploadAsync(setId, "../../config/config.yml.csv", "x"u8.ToArray()),
            "name with a backslash path" => await watch.UploadAsync(setId, "..\\x.csv", "x"u8.ToArray()),
            "leading dot" => await watch.UploadAsync(setId, ".hidden.csv", "x"u8.ToArray()),
            "whitespace then a dot" => await watch.UploadAsync(setId, " .hidden.csv", "x"u8.ToArray()),
            "control character" => await watch.UploadAsync(setId, "a\u0001b.csv", "x"u8.ToArray()),
            "disallowed ending" => await watch.UploadAsync(setId, "script.exe", "x"u8.ToArray()),
            "no ending" => await watch.UploadAsync(setId, "README", "x"u8.ToArray()),
            "over-size body" => await watch.UploadAsync(setId, "big.csv", new byte[MaxUploadBytes + 1]),
            "not multipart" => await watch.PostBodyAsync(setId, new StringContent("x", Encoding.UTF8, "text/csv")),
            MalformedMultipart.NoColon or MalformedMultipart.LongLine or MalformedMultipart.TooManyHeaders =>
                await watch.PostBodyAsync(setId, MalformedMultipart.Body(refusal, "file")),
            "cut off midway" => await watch.PostBodyAsync(setId, MalformedMultipart.CutOff("a.csv", 1000)),
            MalformedMultipart.PartAfterLargeFile or MalformedMultipart.EpilogueAfterLargeFile =>
                await watch.PostBodyAsync(setId, MalformedMultipart.LargeFileFramed(refusal, "a.csv")),
            _ => throw new ArgumentOutOfRangeException(nameof(refusal)),
        };

        await response.AssertJsonErrorAsync(PromisedStatus[refusal]);
        Assert.Equal(before, await allBlobs());
    }

    private static MultipartFormDataContent Multipart(string partName, string fileName)
    {
        var body = new MultipartFormDataContent();
        var part = new ByteArrayContent("x"u8.ToArray());
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = $"\"{partName}\"", FileName = $"\"{fileName}\"" };
        body.Add(part);
        return body;
    }

    private static async Task<HttpResponseMessage> As(SimulatedWatch watch, string? token, Func<SimulatedWatch, Task<HttpResponseMessage>> send)
    {
        var kept = watch.Token;
        watch.Token = token;
        try
        {
            return await send(watch);
        }
        finally
        {
            watch.Token = kept;
        }
    }

    private static async Task<HttpResponseMessage> RevokedAsync(IRunningApp app, SimulatedWatch watch, Func<SimulatedWatch, Task<HttpResponseMessage>> send)
    {
        var device = (await app.GetJsonAsync("manage/api/devices")).EnumerateArray()
            .Single(d => d.GetProperty("identifier").GetString() == watch.Identifier);
        using var revoke = await app.Admin.DeleteAsync($"manage/api/devices/{device.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        return await send(watch);
    }
}
