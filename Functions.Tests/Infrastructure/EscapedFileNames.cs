namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// File names whose URL needs escaping (the <c>+</c> of the dates builds since April 2021 put in names, spaces of the
/// <c>(2)</c> kept beside a colliding name), downloaded and deleted through the page's API on whichever host serves it.
/// </summary>
public static class EscapedFileNames
{
    public static TheoryData<string> Cases => new() { "battery_0_2026-03-01T21:00+0000_3f2a9c0d1e4b5a67.csv", "battery 0 (2).csv" };

    public static async Task AssertDownloadedAndDeletedAsync(IRunningApp app, string sentName)
    {
        var watch = await app.PairedWatchAsync();
        var setId = await watch.NewSetAsync();
        (await watch.UploadAsync(setId, sentName, "12345"u8.ToArray())).Dispose();
        (await watch.UploadAsync(setId, "prediction_0.csv", "678"u8.ToArray())).Dispose();
        var detail = await app.GetJsonAsync($"manage/api/recordings/{setId}");
        var stored = detail.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Single(n => n != "prediction_0.csv");

        using var file = await app.Admin.GetAsync($"manage/api/recordings/{setId}/files/{Uri.EscapeDataString(stored)}");
        Assert.Equal("12345", await file.Content.ReadAsStringAsync());
        using var deleted = await app.Admin.DeleteAsync($"manage/api/recordings/{setId}/files/{Uri.EscapeDataString(stored)}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await app.SettledArchiveAsync(setId, ["prediction_0.csv"]);
    }
}
