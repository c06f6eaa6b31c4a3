using Azure;
using Azure.Data.Tables;
using RecordingFunctions.Participants;

namespace RecordingFunctions.Tests.Participants;

/// <summary>The list of participants a page at a time, by alias, with a search; its listing rows follow every change.</summary>
public sealed class ParticipantListTests
{
    [Fact]
    public async Task Participants_come_by_alias_whatever_its_case_a_page_at_a_time_and_a_search_keeps_those_that_match()
    {
        await using var app = await TestApp.StartAsync();
        foreach (var alias in new[] { "carla", "Anna", "ben", "Anne Marie", "Ann", "Dora/2", "Émile" })
        {
            await app.CreateParticipantAsync(alias, ParticipantWatch.NewAndroidId());
        }

        var first = await app.GetJsonAsync("manage/api/participants?pageSize=3");
        Assert.Equal(["Ann", "Anna", "Anne Marie"], Aliases(first));
        var second = await app.GetJsonAsync($"manage/api/participants?pageSize=3&continuation={Uri.EscapeDataString(first.GetProperty("continuation").GetString()!)}");
        Assert.Equal(["ben", "carla", "Dora/2"], Aliases(second));
        var third = await app.GetJsonAsync($"manage/api/participants?pageSize=3&continuation={Uri.EscapeDataString(second.GetProperty("continuation").GetString()!)}");
        Assert.Equal(["Émile"], Aliases(third));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("continuation").ValueKind);

        var searched = await app.GetJsonAsync("manage/api/participants?search=NN&pageSize=2");
        Assert.Equal(["Ann", "Anna"], Aliases(searched));
        Assert.Equal(
            ["Anne Marie"],
            Aliases(await app.GetJsonAsync($"manage/api/participants?search=NN&pageSize=2&continuation={Uri.EscapeDataString(searched.GetProperty("continuation").GetString()!)}")));
        Assert.Equal(["Anne Marie"], Aliases(await app.GetJsonAsync("manage/api/participants?search=anne")));
        Assert.Equal(["Dora/2"], Aliases(await app.GetJsonAsync("manage/api/participants?search=%2F")));
        await (await app.Admin.GetAsync("manage/api/participants?pageSize=0")).AssertJsonErrorAsync(System.Net.HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_renamed_changed_or_deleted_participant_is_listed_as_it_now_is()
    {
        await using var app = await TestApp.StartAsync();
        var zoe = (await app.CreateParticipantAsync("Zoe", ParticipantWatch.NewAndroidId())).GetProperty("id").GetString()!;
        var yan = (await app.CreateParticipantAsync("Yan", ParticipantWatch.NewAndroidId())).GetProperty("id").GetString()!;

        (await app.Admin.PutAsJsonAsync($"manage/api/participants/{zoe}", new { alias = "Abby", notes = "renamed" })).EnsureSuccessStatusCode();
        (await app.Admin.PutAsJsonAsync($"manage/api/participants/{yan}", new { active = false })).EnsureSuccessStatusCode();
        var listed = await app.ParticipantsAsync();
        Assert.Equal(["Abby", "Yan"], listed.Select(p => p.GetProperty("alias").GetString()!));
        Assert.Equal("renamed", listed[0].GetProperty("notes").GetString());
        Assert.False(listed[1].GetProperty("active").GetBoolean());

        (await app.Admin.DeleteAsync($"manage/api/participants/{zoe}")).EnsureSuccessStatusCode();
        Assert.Equal(["Yan"], (await app.ParticipantsAsync()).Select(p => p.GetProperty("alias").GetString()!));
        Assert.Equal(2, (await ParticipantRowsAsync(app)).Count(row => row.RowKey.StartsWith("list-", StringComparison.Ordinal)) + 1);
    }

    [Fact]
    public async Task Participants_from_before_listing_rows_get_theirs_when_the_list_is_first_asked_for()
    {
        await using var app = await TestApp.StartAsync();
        await app.CreateParticipantAsync("Olga", ParticipantWatch.NewAndroidId());
        await app.CreateParticipantAsync("Pia", ParticipantWatch.NewAndroidId());

        // As the table was before listing rows: no listing rows, no marks.
        var table = app.Tables.Participants;
        foreach (var row in await ParticipantRowsAsync(app))
        {
            if (row.RowKey.StartsWith("list-", StringComparison.Ordinal) || row.RowKey == "listings-complete")
            {
                await table.DeleteEntityAsync(row, ETag.All);
            }
            else if (row.RowKey.StartsWith("p-", StringComparison.Ordinal))
            {
                row.Remove("Listed");
                await table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);
            }
        }

        // The app has not asked for the list yet, so it looks for the marker and finds none.
        Assert.Equal(["Olga", "Pia"], (await app.ParticipantsAsync()).Select(p => p.GetProperty("alias").GetString()!));
        Assert.Contains(await ParticipantRowsAsync(app), row => row.RowKey == "listings-complete");
    }

    [Theory]
    [InlineData("anna", "ANNA")]
    [InlineData(" Ann B ", "ANN%20B")]
    [InlineData("a/b\\c#d?e%f", "A%2FB%5CC%23D%3FE%25F")]
    [InlineData("Jürgen", "JÜRGEN")]
    public void A_listing_key_sorts_as_the_alias_does_and_holds_no_character_a_key_may_not(string alias, string key) =>
        Assert.Equal(key, ParticipantStore.ListingAlias(alias));

    private static string[] Aliases(JsonElement page) =>
        [.. page.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("alias").GetString()!)];

    private static async Task<List<TableEntity>> ParticipantRowsAsync(TestApp app) =>
        await app.Tables.Participants.QueryAsync<TableEntity>().ToListAsync();
}
