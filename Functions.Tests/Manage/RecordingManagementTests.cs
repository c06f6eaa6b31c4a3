namespace RecordingFunctions.Tests.Manage;

/// <summary>
/// Recording sets in the management API. Tests that look only at their own set share one app; a test that changes the
/// settings, or expects the app to hold no other set, has an app of its own.
/// </summary>
public sealed class RecordingManagementTests(SharedTestApp shared) : IClassFixture<SharedTestApp>
{
    private TestApp App => shared.App;

    [Fact]
    public async Task Sets_are_listed_newest_first_in_pages_and_searchable_by_uuid_device_and_description()
    {
        await using var app = await TestApp.StartAsync();
        var alpha = await app.PairedWatchAsync("alpha-watch");
        var beta = await app.PairedWatchAsync("beta-watch");
        var sets = new List<string>();
        foreach (var watch in new[] { alpha, alpha, beta })
        {
            var setId = await watch.NewSetAsync();
            (await watch.UploadAsync(setId, "battery_0.csv", "1"u8.ToArray())).Dispose();
            await app.SettledArchiveAsync(setId, ["battery_0.csv"]);
            sets.Add(setId);
        }

        var firstPage = await app.GetJsonAsync("manage/api/recordings?pageSize=2");
        Assert.Equal([sets[2], sets[1]], Ids(firstPage));
        var next = firstPage.GetProperty("continuation").GetString();
        var secondPage = await app.GetJsonAsync($"manage/api/recordings?pageSize=2&continuation={Uri.EscapeDataString(next!)}");
        Assert.Equal([sets[0]], Ids(secondPage));
        Assert.Equal(JsonValueKind.Null, secondPage.GetProperty("continuation").ValueKind);

        Assert.Equal([sets[2]], Ids(await app.GetJsonAsync("manage/api/recordings?search=BETA")));
        Assert.Equal([sets[0]], Ids(await app.GetJsonAsync($"manage/api/recordings?search={sets[0][..13]}")));
        using var saved = await app.Admin.PutAsJsonAsync($"manage/api/recordings/{sets[1]}/description", new { description = "Ward 3, night shift\nsecond line" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var byDescription = await app.GetJsonAsync("manage/api/recordings?search=ward 3");
        Assert.Equal([sets[1]], Ids(byDescription));
        Assert.Equal("Ward 3, night shift", byDescription.GetProperty("sets")[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_set_shows_its_files_and_description_and_follows_deletions_in_index_and_zip()
    {
        await using var app = await TestApp.StartAsync();
        var watch = await app.PairedWatchAsync("ward-watch");
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "battery_0.csv", "12345"u8.ToArray())).Dispose();
        (await watch.UploadAsync(setId, "prediction_0.csv", "678"u8.ToArray())).Dispose();
        using var saved = await app.Admin.PutAsJsonAsync($"manage/api/recordings/{setId}/description", new { description = "<img src=x onerror=alert(1)>" });
        await app.SettledArchiveAsync(setId, ["battery_0.csv", "prediction_0.csv", "README.md"]);

        var detail = await app.GetJsonAsync($"manage/api/recordings/{setId}");
        Assert.Equal("<img src=x onerror=alert(1)>", detail.GetProperty("descriptionText").GetString());
        Assert.Equal(["battery_0.csv", "prediction_0.csv"], detail.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()!));
        Assert.Equal(2, detail.GetProperty("fileCount").GetInt32());
        Assert.Equal("ward-watch", detail.GetProperty("device").GetString());

        using var file = await app.Admin.GetAsync($"manage/api/recordings/{setId}/files/battery_0.csv");
        Assert.Equal("12345", await file.Content.ReadAsStringAsync());
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition!.DispositionType);

        using var deleted = await app.Admin.DeleteAsync($"manage/api/recordings/{setId}/files/prediction_0.csv");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var zip = await app.SettledArchiveAsync(setId, ["battery_0.csv", "README.md"]);
        Assert.Equal("12345"u8.ToArray(), zip["battery_0.csv"]);
        Assert.Equal(1, (await app.GetJsonAsync($"manage/api/recordings/{setId}")).GetProperty("fileCount").GetInt32());

        using var gone = await app.Admin.DeleteAsync($"manage/api/recordings/{setId}");
        Assert.Equal(HttpStatusCode.OK, gone.StatusCode);
        Assert.Empty(await app.AllBlobsAsync());
        Assert.Empty(Ids(await app.GetJsonAsync("manage/api/recordings")));
        using var missing = await app.Admin.GetAsync($"manage/api/recordings/{setId}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [MemberData(nameof(EscapedFileNames.Cases), MemberType = typeof(EscapedFileNames))]
    public async Task A_file_whose_name_needs_escaping_is_downloaded_and_deleted_by_its_escaped_name(string sentName)
    {
        await EscapedFileNames.AssertDownloadedAndDeletedAsync(App, sentName);
    }

    [Fact]
    public async Task Deleting_the_last_file_of_a_set_takes_it_off_the_list_and_its_zip_away_until_a_file_comes_again()
    {
        await using var app = await TestApp.StartAsync();
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "battery_0.csv", "1"u8.ToArray())).Dispose();
        await app.SettledArchiveAsync(setId, ["battery_0.csv"]);

        using var deleted = await app.Admin.DeleteAsync($"manage/api/recordings/{setId}/files/battery_0.csv");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty(Ids(await app.GetJsonAsync("manage/api/recordings")));
        Assert.Empty(await app.AllBlobsAsync());
        Assert.Equal(0, (await app.GetJsonAsync($"manage/api/recordings/{setId}")).GetProperty("fileCount").GetInt32());

        (await watch.UploadAsync(setId, "battery_1.csv", "2"u8.ToArray())).Dispose();
        await app.SettledArchiveAsync(setId, ["battery_1.csv"]);
        Assert.Equal([setId], Ids(await app.GetJsonAsync("manage/api/recordings")));
    }

    [Fact]
    public async Task Clearing_the_description_removes_its_readme_from_the_set_and_the_zip()
    {
        await using var app = await TestApp.StartAsync();
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "battery_0.csv", "1"u8.ToArray())).Dispose();
        using var described = await app.Admin.PutAsJsonAsync($"manage/api/recordings/{setId}/description", new { description = "pilot run" });
        await app.SettledArchiveAsync(setId, ["battery_0.csv", "README.md"]);

        using var cleared = await app.Admin.PutAsJsonAsync($"manage/api/recordings/{setId}/description", new { description = "" });

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        await app.SettledArchiveAsync(setId, ["battery_0.csv"]);
        var detail = await app.GetJsonAsync($"manage/api/recordings/{setId}");
        Assert.Equal("", detail.GetProperty("descriptionText").GetString());
        Assert.Equal([$"{app.Containers.Recordings.Name}/{setId}/battery_0.csv", $"{app.Containers.Archives.Name}/{setId}.zip"], await app.AllBlobsAsync());
    }

    [Theory]
    [InlineData("no description field", HttpStatusCode.BadRequest)]
    [InlineData("a description over the limit", HttpStatusCode.BadRequest)]
    [InlineData("a set that does not exist", HttpStatusCode.NotFound)]
    public async Task A_refused_description_is_a_json_error_and_changes_nothing(string refusal, HttpStatusCode expected)
    {
        var watch = await App.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "battery_0.csv", "1"u8.ToArray())).Dispose();
        await App.SettledArchiveAsync(setId, ["battery_0.csv"]);
        var before = await App.AllBlobsAsync();

        using var response = refusal switch
        {
            "no description field" => await App.Admin.PutAsJsonAsync($"manage/api/recordings/{setId}/description", new { text = "pilot run" }),
            "a description over the limit" => await App.Admin.PutAsJsonAsync(
                $"manage/api/recordings/{setId}/description", new { description = new string('x', RecordingSets.MaxDescriptionLength + 1) }),
            "a set that does not exist" => await App.Admin.PutAsJsonAsync($"manage/api/recordings/{Guid.NewGuid():D}/description", new { description = "pilot run" }),
            _ => throw new ArgumentOutOfRangeException(nameof(refusal)),
        };

        await response.AssertJsonErrorAsync(expected);
        Assert.Equal(before, await App.AllBlobsAsync());
    }

    [Fact]
    public async Task Large_downloads_are_redirected_to_a_short_lived_read_only_link_to_that_one_blob()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["Recordings:Downloads:RedirectFromBytes"] = "1" });
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "battery_0.csv", "battery"u8.ToArray())).Dispose();
        await app.SettledArchiveAsync(setId, ["battery_0.csv"]);
        using var admin = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = TestApp.BasicAuth(TestApp.AdminUser, app.AdminPassword);

        foreach (var (path, expected) in new[] { ($"manage/api/recordings/{setId}/files/battery_0.csv", "battery"), ($"manage/api/recordings/{setId}/zip", null) })
        {
            using var response = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var link = response.Headers.Location!;
            Assert.Contains("sig=", link.Query, StringComparison.Ordinal);
            Assert.Contains("sp=r&", link.Query + "&", StringComparison.Ordinal);

            using var plain = new HttpClient();
            using var content = await plain.GetAsync(link);
            Assert.Equal(HttpStatusCode.OK, content.StatusCode);
            Assert.Equal("attachment", content.Content.Headers.ContentDisposition!.DispositionType);
            if (expected is not null)
            {
                Assert.Equal(expected, await content.Content.ReadAsStringAsync());
            }
            else
            {
                Assert.Equal(["battery_0.csv"], AdminApi.ZipEntries(await content.Content.ReadAsByteArrayAsync()).Keys);
            }

            using var write = new HttpRequestMessage(HttpMethod.Put, link) { Content = new ByteArrayContent("overwritten"u8.ToArray()) };
            write.Headers.Add("x-ms-blob-type", "BlockBlob");
            using var refused = await plain.SendAsync(write);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal("battery", (await app.Containers.Recordings.GetBlobClient($"{setId}/battery_0.csv").DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task Hidden_microphone_files_are_neither_listed_nor_downloadable()
    {
        await using var app = await TestApp.StartAsync();
        // Stored under the watch's name, so that the download below asks for a file that exists.
        await app.Services.GetRequiredService<ConfigStore>().UpdateAsync(s => s with { HideMicFiles = true, RenameMicFiles = false });
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "sensor_recording_mic_0.zip", "mic"u8.ToArray())).Dispose();
        Assert.True(await app.Containers.Recordings.GetBlobClient($"{setId}/sensor_recording_mic_0.zip").ExistsAsync());
        (await watch.UploadAsync(setId, "battery_0.csv", "b"u8.ToArray())).Dispose();

        var detail = await app.GetJsonAsync($"manage/api/recordings/{setId}");
        Assert.Equal(["battery_0.csv"], detail.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()!));
        using var download = await app.Admin.GetAsync($"manage/api/recordings/{setId}/files/sensor_recording_mic_0.zip");
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
    }

    [Fact]
    public async Task Without_pack_mic_files_the_zip_leaves_microphone_files_out()
    {
        await using var app = await TestApp.StartAsync();
        await app.Services.GetRequiredService<ConfigStore>().UpdateAsync(s => s with { PackMicFiles = false });
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, "recording_mic_0_2022-05-01T10:00+0000_f00d.zip", "mic"u8.ToArray())).Dispose();
        (await watch.UploadAsync(setId, "battery_0.csv", "b"u8.ToArray())).Dispose();

        await app.SettledArchiveAsync(setId, ["battery_0.csv"]);
    }

    [Theory]
    [InlineData("GET", "manage/api/recordings/not-a-uuid", HttpStatusCode.BadRequest)]
    [InlineData("GET", "manage/api/recordings/8f0e4a52-5d3c-4c1e-9d65-0d6f3c7a1b2e", HttpStatusCode.NotFound)]
    [InlineData("GET", "manage/api/recordings/8f0e4a52-5d3c-4c1e-9d65-0d6f3c7a1b2e/zip", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "manage/api/recordings/8f0e4a52-5d3c-4c1e-9d65-0d6f3c7a1b2e/files/a.csv", HttpStatusCode.NotFound)]
    [InlineData("GET", "manage/api/recordings?pageSize=0", HttpStatusCode.BadRequest)]
    public async Task Bad_set_requests_get_a_json_error(string method, string path, HttpStatusCode expected)
    {
        using var response = await App.Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await response.AssertJsonErrorAsync(expected);
    }

    private static string[] Ids(JsonElement page) =>
        [.. page.GetProperty("sets").EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];
}
