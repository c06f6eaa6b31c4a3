using System.Globalization;

namespace RecordingFunctions.Tests.Participants;

/// <summary>What participant tests do through the watch and the management API.</summary>
public static class ParticipantWatch
{
    /// <summary>Uploads a set's metaInfo json as a 2021+ watch names and writes it; answers the set's uuid.</summary>
    public static async Task<string> UploadSetWithMetaInfoAsync(this SimulatedWatch watch, string androidId, DateTimeOffset recordedAt)
    {
        var setId = await watch.NewSetAsync();
        var json = JsonSerializer.Serialize(new { version = "0.9.4", model = "hand_wash_20.tflite", android_id = androidId, date = recordedAt.ToString("O", CultureInfo.InvariantCulture) });
        using var upload = await watch.UploadAsync(setId, MetaInfoFileName(androidId, recordedAt), Encoding.UTF8.GetBytes(json));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        return setId;
    }

    /// <summary>The name the watch gives the file; it is stored with <c>:</c> as <c>_</c>.</summary>
    public static string MetaInfoFileName(string androidId, DateTimeOffset recordedAt) =>
        $"metaInfo_0_{recordedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm+0000", CultureInfo.InvariantCulture)}_{androidId}.json";

    public static async Task<JsonElement> CreateParticipantAsync(this IRunningApp app, string alias, string androidId, bool active = true)
    {
        using var response = await app.Admin.PostAsJsonAsync("manage/api/participants", new { alias, androidId, active, notes = "" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The first page of participants (all of them, in the tests' small studies), by alias.</summary>
    public static async Task<JsonElement[]> ParticipantsAsync(this IRunningApp app) =>
        [.. (await app.GetJsonAsync("manage/api/participants")).GetProperty("participants").EnumerateArray()];

    public static async Task<string[]> SetsOfAsync(this IRunningApp app, string participantId) =>
        [.. (await app.GetJsonAsync($"manage/api/participants/{participantId}")).GetProperty("sets").EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];

    /// <summary>The set as the management API shows it.</summary>
    public static Task<JsonElement> SetAsync(this IRunningApp app, string setId) => app.GetJsonAsync($"manage/api/recordings/{setId}");

    /// <summary>Waits until the trigger gave the set to the participant (null: until it names the watch and no participant).</summary>
    public static Task AssignedEventuallyAsync(this IRunningApp app, string setId, string? participantId) =>
        Eventually.UntilAsync(
            $"set {setId} going to participant {participantId ?? "none"}",
            () => app.SetAsync(setId),
            set => set.GetProperty("androidId").ValueKind == JsonValueKind.String
                && (participantId is null
                    ? set.GetProperty("participant").ValueKind == JsonValueKind.Null
                    : set.GetProperty("participant") is { ValueKind: JsonValueKind.Object } p && p.GetProperty("id").GetString() == participantId));

    /// <summary>
    /// Waits until the set's row counts its <paramref name="files"/> and holds statistics: then, for files that add no
    /// figures (no metaInfo, hand-wash, evaluation or sensor file arrives later), its row and CSV line no longer change.
    /// </summary>
    public static Task IndexSettledAsync(this IRunningApp app, string setId, int files) =>
        Eventually.UntilAsync(
            $"the index row of set {setId} counting {files} files",
            () => app.SetAsync(setId),
            set => set.GetProperty("fileCount").GetInt32() == files && set.GetProperty("statistics").ValueKind == JsonValueKind.Object);

    public static string NewAndroidId() => Guid.NewGuid().ToString("N")[..16];
}
