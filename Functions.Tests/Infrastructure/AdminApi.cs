using System.Net.Http.Headers;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>The management API as the admin page uses it.</summary>
public static class AdminApi
{
    public const string DefaultModelSettings =
        """{"frame_size": 150, "positive_prediction_time": 10, "positive_prediction_counter": 3, "notification_cool_down": 30, "required_sensors": [1, 4], "mean_threshold": 0.75, "mean_kernel_size": 20}""";

    /// <summary>Adds a model through the management API and (unless told not to) makes it the active one.</summary>
    public static async Task AddModelAsync(
        this IRunningApp app, string name, string ending, byte[] content, string settings = DefaultModelSettings, bool activate = true)
    {
        using var response = await app.Admin.PostAsync("manage/api/models", ModelForm($"{name}.{ending}", content, settings));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        if (activate)
        {
            using var activated = await app.Admin.PostAsync($"manage/api/models/{name}/activate", null);
            Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        }
    }

    /// <summary>A model upload as the page sends it: the parts <c>model</c> and <c>settings</c>, each left out when null.</summary>
    public static MultipartFormDataContent ModelForm(string? fileName, byte[]? model, string? settings)
    {
        var form = new MultipartFormDataContent();
        if (model is not null)
        {
            var part = new ByteArrayContent(model);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "model", fileName!);
        }

        if (settings is not null)
        {
            form.Add(new StringContent(settings, Encoding.UTF8, "application/json"), "settings");
        }

        return form;
    }

    /// <summary>The id of the one pairing request waiting for the admin.</summary>
    public static async Task<string> PendingRequestIdAsync(this IRunningApp app) =>
        (await app.GetJsonAsync("manage/api/pairing/requests")).EnumerateArray().Single().GetProperty("id").GetString()!;

    public static async Task<JsonElement> GetJsonAsync(this IRunningApp app, string path)
    {
        using var response = await app.Admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task GrantAsync(this IRunningApp app, string identifier)
    {
        var requests = await app.GetJsonAsync("manage/api/pairing/requests");
        var id = requests.EnumerateArray().Single(r => r.GetProperty("identifier").GetString() == identifier).GetProperty("id").GetString();
        using var response = await app.Admin.PostAsync($"manage/api/pairing/requests/{id}/grant", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Pairs a watch the way a study does: request, grant in the page, request again.</summary>
    public static async Task<SimulatedWatch> PairedWatchAsync(this IRunningApp app, string? identifier = null)
    {
        identifier ??= "watch-" + Guid.NewGuid().ToString("N")[..8];
        var watch = SimulatedWatch.Of2021(app);
        await watch.RequestTokenAsync(identifier);
        await app.GrantAsync(identifier);
        await watch.RequestTokenAsync(identifier);
        Assert.NotNull(watch.Token);
        return watch;
    }

    /// <summary>Waits until the set's zip holds exactly the expected entries (the archive follows uploads a moment later).</summary>
    public static Task<Dictionary<string, byte[]>> SettledArchiveAsync(this IRunningApp app, string setId, IReadOnlyCollection<string> expectedNames) =>
        app.ArchiveWhenAsync(setId, entries => entries.Keys.Order().SequenceEqual(expectedNames.Order()), $"[{string.Join(", ", expectedNames.Order())}]");

    /// <summary>Waits until the set's zip holds exactly these files with these bytes, as after a file was replaced.</summary>
    public static Task<Dictionary<string, byte[]>> SettledArchiveAsync(this IRunningApp app, string setId, IReadOnlyDictionary<string, byte[]> expected) =>
        app.ArchiveWhenAsync(
            setId,
            entries => entries.Count == expected.Count && expected.All(file => entries.TryGetValue(file.Key, out var bytes) && bytes.SequenceEqual(file.Value)),
            $"the bytes of [{string.Join(", ", expected.Keys.Order())}]");

    private static async Task<Dictionary<string, byte[]>> ArchiveWhenAsync(
        this IRunningApp app, string setId, Func<Dictionary<string, byte[]>, bool> settled, string expectation)
    {
        var entries = await Eventually.UntilAsync(
            $"the archive of {setId} to hold {expectation}",
            async () =>
            {
                using var response = await app.Admin.GetAsync($"manage/api/recordings/{setId}/zip");
                return response.StatusCode == HttpStatusCode.OK ? ZipEntries(await response.Content.ReadAsByteArrayAsync()) : null;
            },
            entries => entries is not null && settled(entries),
            entries => (entries is null ? "no archive" : $"[{string.Join(", ", entries.Keys.Order())}]")
                // Without the requests the polling made, the host's output tells what the trigger did.
                + (app is FunctionsHostApp host ? $"\nThe host's last output:\n{host.OutputTail(200, "/zip", "DownloadSetArchive")}" : ""));
        return entries!;
    }

    public static Dictionary<string, byte[]> ZipEntries(byte[] zip)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }
}
