using System.IO.Pipelines;
using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;

namespace RecordingFunctions.Tests.Watch;

/// <summary>
/// Sent names that become one stored name are both kept, under variants of it, however they arrive; only a re-send
/// of the same sent name replaces. A 2xx always names the file as stored. Each test looks at its own set; those under
/// the default settings share one app, those that change them have an app of their own.
/// </summary>
public sealed class NameCollisionTests(SharedTestApp shared) : IClassFixture<SharedTestApp>
{
    private const int MiB = 1024 * 1024;

    private TestApp App => shared.App;

    [Theory]
    [InlineData("a:b.csv", "a_b.csv", "a_b.csv")]
    [InlineData("x.csv.", "x.csv", "x.csv")]
    [InlineData("a<b>.csv", "a_b_.csv", "a_b_.csv")]
    public async Task Two_sent_names_that_become_one_stored_name_are_both_kept_and_each_re_send_replaces_its_own(
        string first, string second, string stored)
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        var variant = SetFileNames.Variant(stored, 2);

        Assert.Equal(stored, await UploadAnswer.StoredNameAsync(await watch.UploadAsync(setId, first, "first"u8.ToArray())));
        Assert.Equal(variant, await UploadAnswer.StoredNameAsync(await watch.UploadAsync(setId, second, "second"u8.ToArray())));
        Assert.Equal(stored, await UploadAnswer.StoredNameAsync(await watch.UploadAsync(setId, first, "first again"u8.ToArray())));
        Assert.Equal(variant, await UploadAnswer.StoredNameAsync(await watch.UploadAsync(setId, second, "second again"u8.ToArray())));

        var expected = new Dictionary<string, byte[]> { [stored] = "first again"u8.ToArray(), [variant] = "second again"u8.ToArray() };
        Assert.Equal(expected, await StoredAsync(App, setId));
        await AssertEverywhereAsync(App, setId, expected);
    }

    [Fact]
    public async Task Two_names_that_are_not_utf8_and_decode_alike_are_both_kept_as_raw_bytes_and_percent_encoded()
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();

        var rawFirst = await UploadAnswer.StoredNameAsync(await watch.PostBodyAsync(setId, RawFileNameBody.Of("filename=\"a", [0xFF, 0xFE], ".csv\"", "raw ff fe")));
        var rawSecond = await UploadAnswer.StoredNameAsync(await watch.PostBodyAsync(setId, RawFileNameBody.Of("filename=\"a", [0xFE, 0xFF], ".csv\"", "raw fe ff")));
        var encoded = await UploadAnswer.StoredNameAsync(await watch.PostBodyAsync(setId, RawFileNameBody.Of("filename*=UTF-8''a%FE%FE.csv", [], "", "encoded fe fe")));
        var resent = await UploadAnswer.StoredNameAsync(await watch.PostBodyAsync(setId, RawFileNameBody.Of("filename=\"a", [0xFF, 0xFE], ".csv\"", "raw ff fe again")));

        Assert.Equal(["a\uFFFD\uFFFD.csv", "a\uFFFD\uFFFD (2).csv", "a\uFFFD\uFFFD (3).csv", "a\uFFFD\uFFFD.csv"], [rawFirst, rawSecond, encoded, resent]);
        var expected = new Dictionary<string, byte[]>
        {
            [rawFirst] = "raw ff fe again"u8.ToArray(),
            [rawSecond] = "raw fe ff"u8.ToArray(),
            [encoded] = "encoded fe fe"u8.ToArray(),
        };
        Assert.Equal(expected, await StoredAsync(App, setId));
        var originals = await OriginalNamesAsync(App, setId);
        Assert.Equal(["a%FF%FE.csv", "a%FE%FF.csv", "a%FE%FE.csv"], [originals[rawFirst], originals[rawSecond], originals[encoded]]);
        await AssertEverywhereAsync(App, setId, expected);
    }

    [Fact]
    public async Task Microphone_files_whose_names_become_one_pseudonym_are_both_kept()
    {
        await using var app = await TestApp.StartAsync();
        await app.Services.GetRequiredService<ConfigStore>().UpdateAsync(s => s with { PackMicFiles = true });
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();

        var first = await UploadAnswer.StoredNameAsync(await watch.UploadAsync(setId, "recording_mic_0_10:00.zip", "first"u8.ToArray()));
        var second = await UploadAnswer.StoredNameAsync(await watch.UploadAsync(setId, "recording_mic_0_10_00.zip", "second"u8.ToArray()));
        var resent = await UploadAnswer.StoredNameAsync(await watch.UploadAsync(setId, "recording_mic_0_10_00.zip", "second again"u8.ToArray()));

        Assert.StartsWith("mic_", first, StringComparison.Ordinal);
        Assert.Equal(SetFileNames.Variant(first, 2), second);
        Assert.Equal(second, resent);
        var expected = new Dictionary<string, byte[]> { [first] = "first"u8.ToArray(), [second] = "second again"u8.ToArray() };
        Assert.Equal(expected, await StoredAsync(app, setId));
        await app.SettledArchiveAsync(setId, expected);
    }

    [Fact]
    public async Task A_watch_file_named_like_the_sets_description_is_kept_beside_it()
    {
        await using var app = await TestApp.StartAsync();
        await app.Services.GetRequiredService<ConfigStore>().UpdateAsync(s => s with { AllowedEndings = [.. s.AllowedEndings, "md"] });
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();

        var stored = await UploadAnswer.StoredNameAsync(await watch.UploadAsync(setId, "README.md", "from the watch"u8.ToArray()));
        using (var description = await app.Admin.PutAsJsonAsync($"manage/api/recordings/{setId}/description", new { description = "Study A, day 1" }))
        {
            Assert.Equal(HttpStatusCode.OK, description.StatusCode);
        }

        Assert.Equal("README (2).md", stored);
        var expected = new Dictionary<string, byte[]> { ["README.md"] = "Study A, day 1"u8.ToArray(), [stored] = "from the watch"u8.ToArray() };
        Assert.Equal(expected, await StoredAsync(app, setId));
        await app.SettledArchiveAsync(setId, expected);
    }

    [Fact]
    public async Task Small_files_uploaded_at_once_under_names_that_become_one_are_all_kept()
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        var sent = new[] { "a:b.csv", "a<b.csv", "a>b.csv", "a|b.csv", "a?b.csv", "a*b.csv", "a_b.csv" }
            .ToDictionary(name => name, name => Encoding.UTF8.GetBytes("content of " + name));

        var answers = await Task.WhenAll(sent.Select(async file => (Sent: file.Key, Stored: await UploadAnswer.StoredNameAsync(await watch.UploadAsync(setId, file.Key, file.Value)))));

        var stored = await StoredAsync(App, setId);
        Assert.Equal(sent.Count, stored.Count);
        Assert.All(answers, answer => Assert.Equal(sent[answer.Sent], stored[answer.Stored]));
        Assert.Equal(Enumerable.Range(1, sent.Count).Select(n => SetFileNames.Variant("a_b.csv", n)).Order(), stored.Keys.Order());
        await AssertEverywhereAsync(App, setId, stored);
    }

    /// <summary>
    /// Large files go up as their body arrives, so one that loses the race for a name cannot be sent again by the App:
    /// it is answered 409 with nothing stored, and the watch's next attempt is stored beside the others.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Large_files_uploaded_at_once_under_names_that_become_one_are_stored_or_answered_409_and_kept_on_retry(bool declareLength)
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        var sent = new[] { "ffmpeg:0.mkv", "ffmpeg<0.mkv", "ffmpeg>0.mkv", "ffmpeg_0.mkv" }
            .ToDictionary(name => name, _ => RandomNumberGenerator.GetBytes((5 * MiB) + 123));

        var pending = sent.Keys.ToList();
        var storedAs = new Dictionary<string, string>();
        for (var round = 1; pending.Count > 0; round++)
        {
            Assert.True(round <= sent.Count, $"still not stored after {sent.Count} rounds: {string.Join(", ", pending)}");
            var answers = await Task.WhenAll(pending.Select(async name => (Name: name, Response: await watch.UploadAsync(setId, name, Body(sent[name], declareLength)))));
            foreach (var (name, response) in answers)
            {
                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.Conflict)
                    {
                        Assert.Contains("send the file again", await response.AssertJsonErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
                        continue;
                    }

                    storedAs[name] = await UploadAnswer.StoredNameAsync(response);
                    pending.Remove(name);
                }
            }
        }

        var stored = await StoredAsync(App, setId);
        Assert.Equal(sent.Count, stored.Count);
        Assert.All(storedAs, file => Assert.Equal(sent[file.Key], stored[file.Value]));
        await App.SettledArchiveAsync(setId, stored);
    }

    private static async Task<Dictionary<string, byte[]>> StoredAsync(TestApp app, string setId)
    {
        var files = new Dictionary<string, byte[]>();
        await foreach (var blob in app.Containers.Recordings.GetBlobsAsync(new GetBlobsOptions { Prefix = setId + "/" }))
        {
            files[blob.Name[(setId.Length + 1)..]] = (await app.Containers.Recordings.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
        }

        return files;
    }

    private static async Task<Dictionary<string, string>> OriginalNamesAsync(TestApp app, string setId)
    {
        var names = new Dictionary<string, string>();
        await foreach (var blob in app.Containers.Recordings.GetBlobsAsync(new GetBlobsOptions { Prefix = setId + "/", Traits = BlobTraits.Metadata }))
        {
            names[blob.Name[(setId.Length + 1)..]] = blob.Metadata[RecordingBlobMetadata.Keys.OriginalName];
        }

        return names;
    }

    /// <summary>The files show in the set's zip, its listing, its index row and as downloads, like any file.</summary>
    private static async Task AssertEverywhereAsync(TestApp app, string setId, IReadOnlyDictionary<string, byte[]> files)
    {
        await app.SettledArchiveAsync(setId, files);
        var detail = await app.GetJsonAsync($"manage/api/recordings/{setId}");
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), detail.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()!));
        await Eventually.UntilAsync(
            $"indexing {files.Count} files", async () => (await app.GetJsonAsync($"manage/api/recordings/{setId}")).GetProperty("fileCount").GetInt32(), count => count == files.Count);
        foreach (var (name, content) in files)
        {
            using var download = await app.Admin.GetAsync($"manage/api/recordings/{setId}/files/{Uri.EscapeDataString(name)}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        }
    }

    private static HttpContent Body(byte[] content, bool declareLength) => declareLength
        ? new ByteArrayContent(content)
        : new StreamContent(PipeReader.Create(new MemoryStream(content)).AsStream());
}
