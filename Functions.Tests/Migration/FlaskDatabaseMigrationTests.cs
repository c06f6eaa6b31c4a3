using System.Globalization;
using RecordingFunctions.Tests.Participants;

namespace RecordingFunctions.Tests.Migration;

/// <summary>The Flask server's sensor_recorder.db brought along by import-flask: participants, set assignments, tags.</summary>
public sealed class FlaskDatabaseMigrationTests : IDisposable
{
    private readonly FlaskServerFolder _flask = new();

    [Fact]
    public async Task Participants_come_along_with_their_sets_assigned_by_hand_and_the_sets_tags_and_a_second_run_changes_nothing()
    {
        var (annasFirst, annasSecond, unnamedsSet, nobodysSet) = (_flask.WriteSet(), _flask.WriteSet(), _flask.WriteSet(), _flask.WriteSet());
        var annasWatch = ParticipantWatch.NewAndroidId();
        var otherWatch = ParticipantWatch.NewAndroidId();
        FlaskDatabaseFile.Create(_flask.Database, FlaskSchema.Newest)
            .Participant(1, "Anna", annasWatch.ToUpperInvariant(), active: true)
            .Participant(2, null, otherWatch)
            .Recording(1, annasFirst).Recording(2, annasSecond).Recording(3, unnamedsSet).Recording(4, nobodysSet)
            .Assign(1, 1).Assign(2, 1).Assign(3, 2)
            .Tag(1, "no data").Tag(2, "good").Tag(3, "default").Tag(4, "faulty parts")
            .TagRecording(1, 2).TagRecording(1, 3).TagRecording(2, 1).TagRecording(3, 3)
            .Execute("INSERT INTO authentication_request (id, identifier, granted, used) VALUES (1, 'SM-R860', 1, 1)");

        await using var app = await TestApp.StartAsync();
        var output = await _flask.ImportAsync(app);

        Assert.Contains($"Reading the Flask database {_flask.Database} (found beside the uploads folder).", output, StringComparison.Ordinal);
        Assert.Contains("The Flask database is at Alembic revision b5f8eb3276fa.", output, StringComparison.Ordinal);
        Assert.Contains("Participants: 2 imported, 0 imported before, 0 made here already.", output, StringComparison.Ordinal);
        Assert.Contains("Sets assigned by hand as the Flask database says: 3 (0 were so already).", output, StringComparison.Ordinal);
        Assert.Contains("Sets tagged as the Flask database says: 2; added to the study's tags: default, good.", output, StringComparison.Ordinal);
        Assert.Contains(
            $"Skipped tag 'no data' on recording 2 (uploads/recordings/{annasSecond}): this app sets and removes it itself, from the set's sensor samples",
            output, StringComparison.Ordinal);
        Assert.Contains("Skipped tag 'faulty parts' (recording_tag 4): on no set here, so not added to the study's tags", output, StringComparison.Ordinal);
        Assert.Contains("Left out the Flask database's authentication_request (1 rows): the watches' pairing requests", output, StringComparison.Ordinal);

        var participants = await ParticipantsByAliasAsync(app);
        Assert.Equal(["Anna", "Flask participant 2"], participants.Keys.Order(StringComparer.Ordinal));
        var anna = participants["Anna"];
        Assert.Equal(annasWatch, anna.GetProperty("androidId").GetString());
        Assert.True(anna.GetProperty("active").GetBoolean());
        Assert.Equal("Imported from the Flask server's database, where it was participant 1.", anna.GetProperty("notes").GetString());
        Assert.False(participants["Flask participant 2"].GetProperty("active").GetBoolean());
        var annaId = anna.GetProperty("id").GetString()!;
        var unnamedId = participants["Flask participant 2"].GetProperty("id").GetString()!;
        Assert.Equal(new[] { annasFirst, annasSecond }.Order(), (await app.SetsOfAsync(annaId)).Order());
        await AssertAssignedByHandAsync(app, unnamedsSet, unnamedId);
        Assert.Equal(JsonValueKind.Null, (await app.SetAsync(nobodysSet)).GetProperty("participant").ValueKind);
        Assert.Superset(new HashSet<string> { "default", "good" }, Tags(await app.SetAsync(annasFirst)));
        await Eventually.UntilAsync(
            "the Flask tags in the study's list",
            async () => (await app.GetJsonAsync("manage/api/settings")).GetProperty("setTags"),
            tags => tags.EnumerateArray().Select(t => t.GetString()).SequenceEqual(["no data", "test", "exclude", "default", "good"]));

        // A metaInfo arriving in the unnamed participant's set names Anna's watch, on which Anna is active now: the
        // automatic assignment, on arrival or run again, leaves the Flask team's choice as it is.
        var watch = await app.PairedWatchAsync();
        var now = DateTimeOffset.UtcNow;
        var metaInfo = JsonSerializer.Serialize(new { android_id = annasWatch, date = now.ToString("O", CultureInfo.InvariantCulture) });
        using (var upload = await watch.UploadAsync(unnamedsSet, ParticipantWatch.MetaInfoFileName(annasWatch, now), Encoding.UTF8.GetBytes(metaInfo)))
        {
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        await Eventually.UntilAsync(
            "the trigger reading the metaInfo", async () => (await app.SetAsync(unnamedsSet)).GetProperty("androidId"), id => id.GetString() == annasWatch);
        await AssertAssignedByHandAsync(app, unnamedsSet, unnamedId);
        using (var rerun = await app.Admin.PostAsync("manage/api/participants/reassign", null))
        {
            Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        }

        await AssertAssignedByHandAsync(app, unnamedsSet, unnamedId);

        // Renamed here meanwhile, Anna is still found as the one imported, and nothing is added twice.
        using (var renamed = await app.Admin.PutAsJsonAsync($"manage/api/participants/{annaId}", new { alias = "Anna K." }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        var again = await _flask.ImportAsync(app);
        Assert.Contains("Participants: 0 imported, 2 imported before, 0 made here already.", again, StringComparison.Ordinal);
        Assert.Contains("Sets assigned by hand as the Flask database says: 0 (3 were so already).", again, StringComparison.Ordinal);
        Assert.Contains("Sets tagged as the Flask database says: 0; no tag added to the study's tags.", again, StringComparison.Ordinal);
        Assert.Equal(["Anna K.", "Flask participant 2"], (await ParticipantsByAliasAsync(app)).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { annasFirst, annasSecond }.Order(), (await app.SetsOfAsync(annaId)).Order());
    }

    [Fact]
    public async Task Participants_and_assignments_that_cannot_come_along_as_they_are_are_reported_and_the_rest_imported()
    {
        await using var app = await TestApp.StartAsync();
        var (zoesWatch, miasWatch, takensWatch, sharedWatch) = (ParticipantWatch.NewAndroidId(), ParticipantWatch.NewAndroidId(), ParticipantWatch.NewAndroidId(), ParticipantWatch.NewAndroidId());
        var zoe = (await app.CreateParticipantAsync("Zoe", zoesWatch)).GetProperty("id").GetString()!;
        var mia = (await app.CreateParticipantAsync("Mia", miasWatch)).GetProperty("id").GetString()!;
        await app.CreateParticipantAsync("Taken", takensWatch);
        // A set uploaded here and given to Zoe by hand, which the Flask database gives to Ben.
        var zoesSet = await (await app.PairedWatchAsync()).UploadSetWithMetaInfoAsync(zoesWatch, DateTimeOffset.UtcNow);
        await app.AssignedEventuallyAsync(zoesSet, zoe);
        using (var assigned = await app.Admin.PostAsJsonAsync($"manage/api/participants/{zoe}/assign", new { sets = new[] { zoesSet } }))
        {
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }

        var (sharedSet, bensSet, miasSet, missingSet) = (_flask.WriteSet(), _flask.WriteSet(), _flask.WriteSet(), Guid.NewGuid().ToString("D"));
        FlaskDatabaseFile.Create(_flask.Database, FlaskSchema.Newest)
            .Participant(1, "Ben", zoesWatch, active: true)
            .Participant(2, "mia", miasWatch, active: true)
            .Participant(3, "TAKEN", ParticipantWatch.NewAndroidId())
            .Participant(4, "Bad id", "not an id!")
            .Participant(5, null, null)
            .Participant(6, "Anna", sharedWatch, active: true)
            .Participant(7, "Cleo", sharedWatch, active: true)
            .Recording(1, sharedSet).Assign(1, 6).Assign(1, 7)
            .Recording(2, bensSet).Assign(2, 1).Assign(2, 1)
            .Recording(3, miasSet).Assign(3, 2)
            .Recording(4, missingSet).Assign(4, 6)
            .Recording(5, "not-a-uuid")
            .Recording(6, zoesSet).Assign(6, 1)
            .Recording(7, _flask.WriteSet()).Assign(7, 3)
            .Assign(3, null);

        var output = await _flask.ImportAsync(app, "--database", _flask.Database);

        Assert.Contains($"Reading the Flask database {_flask.Database} (given with --database).", output, StringComparison.Ordinal);
        Assert.Contains("Participants: 3 imported, 0 imported before, 1 made here already.", output, StringComparison.Ordinal);
        Assert.Contains("Note: participant 1 'Ben' was imported inactive, though active in the Flask database: participant 'Zoe' is active on the watch", output, StringComparison.Ordinal);
        Assert.Contains("Note: participant 2 'mia' is the participant 'Mia' made here on the same watch; it keeps what it is here.", output, StringComparison.Ordinal);
        Assert.Contains(
            "Note: participant 6 'Anna' was imported inactive: participant 7 'Cleo' is active on the same watch in the Flask database too, and the Flask server gave the watch's uploads to the newest one.",
            output, StringComparison.Ordinal);
        Assert.Contains($"Skipped participant 3 'TAKEN': the alias 'Taken' is taken by a participant on the watch {takensWatch}", output, StringComparison.Ordinal);
        Assert.Contains("Skipped participant 4 'Bad id': an android id is 1 to 64 letters and digits", output, StringComparison.Ordinal);
        Assert.Contains("Skipped participant 5: a participant needs an alias and an android id", output, StringComparison.Ordinal);
        Assert.Contains(
            $"Skipped recording 1 (uploads/recordings/{sharedSet}) of participant 6 'Anna': the Flask database gives the set to participant 6 'Anna' and participant 7 'Cleo'; a set has one participant here, so it is left to the automatic assignment",
            output, StringComparison.Ordinal);
        Assert.Contains($"Skipped recording 4 (uploads/recordings/{missingSet}): no such set here", output, StringComparison.Ordinal);
        Assert.Contains($"Skipped recording 4 (uploads/recordings/{missingSet}) of participant 6 'Anna': the set is not here (above)", output, StringComparison.Ordinal);
        Assert.Contains("Skipped recording 5 (uploads/recordings/not-a-uuid): its folder name is not a set uuid", output, StringComparison.Ordinal);
        Assert.Contains($"Skipped recording 6 (uploads/recordings/{zoesSet}) of participant 1 'Ben': assigned by hand here to 'Zoe', and that stays", output, StringComparison.Ordinal);
        Assert.Contains("of participant 3 'TAKEN': the participant was not imported (above)", output, StringComparison.Ordinal);
        Assert.Contains("Skipped participant_to_recording row (recording 3, participant none): no such participant in the database", output, StringComparison.Ordinal);
        Assert.Contains("Sets assigned by hand as the Flask database says: 2 (0 were so already).", output, StringComparison.Ordinal);

        var participants = await ParticipantsByAliasAsync(app);
        Assert.Equal(["Anna", "Ben", "Cleo", "Mia", "Taken", "Zoe"], participants.Keys.Order(StringComparer.Ordinal));
        Assert.False(participants["Ben"].GetProperty("active").GetBoolean());
        Assert.True(participants["Zoe"].GetProperty("active").GetBoolean());
        Assert.False(participants["Anna"].GetProperty("active").GetBoolean());
        Assert.True(participants["Cleo"].GetProperty("active").GetBoolean());
        Assert.Equal("", participants["Mia"].GetProperty("notes").GetString());
        await AssertAssignedByHandAsync(app, bensSet, participants["Ben"].GetProperty("id").GetString()!);
        await AssertAssignedByHandAsync(app, miasSet, mia);
        await AssertAssignedByHandAsync(app, zoesSet, zoe);
        Assert.False((await app.SetAsync(sharedSet)).GetProperty("assignedByHand").GetBoolean());

        // Mia keeps the key of the Flask participant she was taken for: a second run finds her so.
        Assert.Contains("Participants: 0 imported, 4 imported before, 0 made here already.", await _flask.ImportAsync(app), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_initial_database_without_active_flags_or_tags_brings_its_participants_inactive_and_says_what_it_lacks()
    {
        var set = _flask.WriteSet();
        var androidId = ParticipantWatch.NewAndroidId();
        Directory.CreateDirectory(Path.Combine(_flask.Root, "instance"));
        var database = Path.Combine(_flask.Root, "instance", "sensor_recorder.db");
        FlaskDatabaseFile.Create(database, FlaskSchema.Initial).Participant(1, "Anna", androidId).Recording(1, set).Assign(1, 1);

        await using var app = await TestApp.StartAsync();
        var output = await _flask.ImportAsync(app);

        Assert.Contains($"Reading the Flask database {database} (found beside the uploads folder).", output, StringComparison.Ordinal);
        Assert.Contains("The Flask database is at Alembic revision 997a8f92fdd5.", output, StringComparison.Ordinal);
        Assert.Contains("The Flask database has no participant.is_active column (the active flag came in January 2022): every participant is imported inactive.", output, StringComparison.Ordinal);
        Assert.Contains("The Flask database has no recording_to_tag table (tags on recordings came on 22 January 2022): no tags are imported.", output, StringComparison.Ordinal);
        Assert.Contains("Participants: 1 imported, 0 imported before, 0 made here already.", output, StringComparison.Ordinal);
        var anna = (await ParticipantsByAliasAsync(app))["Anna"];
        Assert.False(anna.GetProperty("active").GetBoolean());
        await AssertAssignedByHandAsync(app, set, anna.GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task A_database_that_is_not_the_Flask_servers_is_refused_with_a_clear_error_and_nothing_is_imported()
    {
        _flask.WriteSet();
        await File.WriteAllTextAsync(_flask.Database, "client_secret: the config, given by mistake\n");
        await using var app = await TestApp.StartAsync();

        var (exit, output) = await _flask.RunImportAsync(app);

        Assert.Equal(1, exit);
        Assert.StartsWith($"error: {_flask.Database} is not a SQLite database that can be read: ", output, StringComparison.Ordinal);
        Assert.Empty((await app.ParticipantsAsync()));
        Assert.Empty((await app.GetJsonAsync("manage/api/recordings")).GetProperty("sets").EnumerateArray());
        Assert.Empty(await app.AllBlobsAsync());
    }

    [Fact]
    public async Task Databases_at_both_usual_places_are_refused_until_one_is_named_and_none_at_all_is_said()
    {
        _flask.WriteSet();
        await using var app = await TestApp.StartAsync();
        var (_, none) = await _flask.RunImportAsync(app);
        Assert.Contains(
            $"No Flask database at {_flask.Database} or {Path.Combine(_flask.Root, "instance", "sensor_recorder.db")}: no participants, set assignments or tags are imported (--database names one).",
            none, StringComparison.Ordinal);
        Assert.Contains("Copied 1 files of 1 sets.", none, StringComparison.Ordinal);

        FlaskDatabaseFile.Create(_flask.Database, FlaskSchema.Newest).Participant(1, "Anna", ParticipantWatch.NewAndroidId());
        Directory.CreateDirectory(Path.Combine(_flask.Root, "instance"));
        FlaskDatabaseFile.Create(Path.Combine(_flask.Root, "instance", "sensor_recorder.db"), FlaskSchema.Newest);
        var (exit, both) = await _flask.RunImportAsync(app);

        Assert.Equal(1, exit);
        Assert.Equal(
            $"error: there is a sensor_recorder.db at both {_flask.Database} and {Path.Combine(_flask.Root, "instance", "sensor_recorder.db")}; name the Flask server's with --database",
            both.Trim());
        Assert.Empty((await app.ParticipantsAsync()));
        Assert.Contains("Participants: 1 imported", await _flask.ImportAsync(app, "--database", _flask.Database), StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, JsonElement>> ParticipantsByAliasAsync(TestApp app) =>
        (await app.ParticipantsAsync()).ToDictionary(p => p.GetProperty("alias").GetString()!);

    private static async Task AssertAssignedByHandAsync(TestApp app, string setId, string participantId)
    {
        var participant = (await app.SetAsync(setId)).GetProperty("participant");
        Assert.Equal(participantId, participant.GetProperty("id").GetString());
        Assert.True(participant.GetProperty("byHand").GetBoolean());
    }

    private static HashSet<string> Tags(JsonElement set) => [.. set.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)];

    public void Dispose() => _flask.Dispose();
}
