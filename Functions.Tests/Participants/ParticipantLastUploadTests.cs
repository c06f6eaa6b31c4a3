namespace RecordingFunctions.Tests.Participants;

/// <summary>The study overview's last upload, kept on each participant's row: raised by uploads, counted again when a set leaves.</summary>
public sealed class ParticipantLastUploadTests
{
    [Fact]
    public async Task The_overviews_last_upload_follows_new_uploads_and_sets_given_to_someone_else()
    {
        await using var app = await TestApp.StartAsync();
        var androidId = ParticipantWatch.NewAndroidId();
        var watch = await app.PairedWatchAsync($"SM-R860[{androidId}]");
        var anna = (await app.CreateParticipantAsync("Anna", androidId)).GetProperty("id").GetString()!;
        var ben = (await app.CreateParticipantAsync("Ben", ParticipantWatch.NewAndroidId())).GetProperty("id").GetString()!;
        Assert.Null(await LastUploadAsync(app, anna));

        var first = await watch.UploadSetWithMetaInfoAsync(androidId, DateTimeOffset.UtcNow.AddSeconds(2));
        await app.AssignedEventuallyAsync(first, anna);
        await Eventually.UntilAsync("Anna's first upload in the overview", async () => await LastUploadAsync(app, anna) == await SetLastUploadAsync(app, first));

        // Counted now: a later file raises it without counting again.
        (await watch.UploadAsync(first, "battery_0.csv", "1"u8.ToArray())).EnsureSuccessStatusCode();
        await Eventually.UntilAsync(
            "Anna's later upload in the overview",
            async () => await SetLastUploadAsync(app, first) is { } latest && latest > (await app.SetAsync(first)).GetProperty("firstUpload").GetDateTimeOffset()
                && await LastUploadAsync(app, anna) == latest);

        // The set goes to Ben by hand: Ben has its upload, Anna has none left.
        using (var assigned = await app.Admin.PostAsJsonAsync($"manage/api/participants/{ben}/assign", new { sets = new[] { first } }))
        {
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }

        Assert.Null(await LastUploadAsync(app, anna));
        Assert.Equal(await SetLastUploadAsync(app, first), await LastUploadAsync(app, ben));
        var overview = await app.GetJsonAsync("manage/api/participants/overview");
        Assert.True(overview.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("id").GetString() == ben).GetProperty("silent").GetBoolean() is false);
    }

    private static async Task<DateTimeOffset?> LastUploadAsync(IRunningApp app, string participantId)
    {
        var overview = await app.GetJsonAsync("manage/api/participants/overview");
        var row = overview.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("id").GetString() == participantId);
        return row.GetProperty("lastUpload") is { ValueKind: JsonValueKind.String } upload ? upload.GetDateTimeOffset() : null;
    }

    private static async Task<DateTimeOffset?> SetLastUploadAsync(IRunningApp app, string setId) =>
        (await app.SetAsync(setId)).GetProperty("lastUpload") is { ValueKind: JsonValueKind.String } upload ? upload.GetDateTimeOffset() : null;
}
