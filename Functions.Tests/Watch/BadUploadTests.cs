using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RecordingFunctions.Tests.Watch;

/// <summary>
/// Uploads refused or cut short midway (the README's table itself is <see cref="RefusedUploadTests"/>): the stored
/// version of the file is kept, and what the app logs says what happened.
/// </summary>
public sealed class BadUploadTests
{
    private const int MiB = 1024 * 1024;

    [Theory]
    [InlineData("declared longer than the maximum")]
    [InlineData("chunked, past the maximum in its second block")]
    [InlineData("chunked, past the server's body limit")]
    public async Task An_over_size_body_is_answered_413_and_the_stored_version_kept(string body)
    {
        // The maximum is 5 MiB; the server's body limit allows 64 KiB of multipart framing on top.
        var (size, declareLength) = body switch
        {
            "declared longer than the maximum" => (6L * MiB, true),
            "chunked, past the maximum in its second block" => ((5L * MiB) + (10 * 1024), false),
            "chunked, past the server's body limit" => (6L * MiB, false),
            _ => throw new ArgumentOutOfRangeException(nameof(body)),
        };
        await using var app = await TestApp.StartAsync();
        await app.Services.GetRequiredService<ConfigStore>().UpdateAsync(s => s with { MaxUploadBytes = 5 * MiB });
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "battery_0.csv", "kept"u8.ToArray())).Dispose();

        using var response = await watch.UploadAsync(setId, "battery_0.csv", new SeededContent(size, seed: 7, declareLength));

        Assert.Contains("maximum upload size", await response.AssertJsonErrorAsync(HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
        await AssertKeptAsync(app, setId);
    }

    [Fact]
    public async Task A_multipart_body_cut_off_midway_stores_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();

        // A complete HTTP body whose multipart content ends before its closing boundary.
        using var response = await watch.PostBodyAsync(setId, MalformedMultipart.CutOff("cut_0.csv", 6 * MiB));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await app.AllBlobsAsync());

        // A connection dropped right after the first bytes of the file leaves nothing visible either.
        await SendAndDropAsync(app, watch, setId, "cut_0.csv", declareLength: true, pauseBeforeDrop: TimeSpan.Zero);
        await Task.Delay(500);
        Assert.Empty(await app.AllBlobsAsync());
        Assert.DoesNotContain(app.Log.Entries, e => e.Level >= LogLevel.Error);
    }

    /// <summary>
    /// The watch's Wi-Fi going away in the middle of a long recording: the part already relayed to storage must not
    /// replace the version stored before (the watch keeps its copy and sends it again).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_connection_dropped_while_a_large_file_is_relayed_keeps_the_stored_version(bool declareLength)
    {
        await using var app = await TestApp.StartAsync();
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "battery_0.csv", "kept"u8.ToArray())).Dispose();

        // The pause lets the app relay what arrived, so the drop meets a write to storage under way.
        await SendAndDropAsync(app, watch, setId, "battery_0.csv", declareLength, pauseBeforeDrop: TimeSpan.FromSeconds(1));

        // A later upload on a fresh connection is served, and once its archive has settled the old version is still whole.
        using var next = await watch.UploadAsync(setId, "battery_1.csv", "next"u8.ToArray());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var archive = await app.SettledArchiveAsync(setId, ["battery_0.csv", "battery_1.csv"]);
        Assert.Equal("kept"u8.ToArray(), archive["battery_0.csv"]);
        await AssertKeptAsync(app, setId);

        // An everyday event for a watch, reported as such rather than as a failure of the app.
        Assert.Contains(app.Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("ended before the file was complete", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Log.Entries, e => e.Level >= LogLevel.Error);
    }

    [Theory]
    [InlineData(MalformedMultipart.PartAfterLargeFile)]
    [InlineData(MalformedMultipart.EpilogueAfterLargeFile)]
    [InlineData(MalformedMultipart.NoLineBreakAfterLargeFile)]
    public async Task A_file_larger_than_a_block_that_is_not_the_last_part_is_refused_and_the_stored_version_kept(string framing)
    {
        await using var app = await TestApp.StartAsync();
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "battery_0.csv", "kept"u8.ToArray())).Dispose();

        using var response = await watch.PostBodyAsync(setId, MalformedMultipart.LargeFileFramed(framing, "battery_0.csv"));

        Assert.Contains("last part", await response.AssertJsonErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await AssertKeptAsync(app, setId);
    }

    /// <summary>
    /// Starts an upload of a 10 MiB file on a raw connection, sends its first 5 MiB, waits, and resets the connection.
    /// </summary>
    private static async Task SendAndDropAsync(TestApp app, SimulatedWatch watch, string setId, string fileName, bool declareLength, TimeSpan pauseBeforeDrop)
    {
        var boundary = "drop-" + Guid.NewGuid().ToString("N");
        var head = Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\n\r\n");
        var tail = Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n");
        var sent = head.Concat(new byte[5 * MiB]).ToArray();
        var framing = declareLength
            ? $"Content-Length: {head.Length + (10 * MiB) + tail.Length}"
            : "Transfer-Encoding: chunked";
        var headers = $"POST /recording/new/?uuid={setId} HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\nAuthorization: Bearer {watch.Token}\r\n" +
            $"Content-Type: multipart/form-data; boundary={boundary}\r\n{framing}\r\n\r\n";

        using var client = new TcpClient();
        await client.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(headers));
        if (!declareLength)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{sent.Length:x}\r\n"));
        }

        await stream.WriteAsync(sent);
        await stream.FlushAsync();
        await Task.Delay(pauseBeforeDrop);
        client.Client.Close(0);
    }

    private static async Task AssertKeptAsync(TestApp app, string setId)
    {
        var stored = await app.Containers.Recordings.GetBlobClient($"{setId}/battery_0.csv").DownloadContentAsync();
        Assert.Equal("kept", stored.Value.Content.ToString());
    }
}
