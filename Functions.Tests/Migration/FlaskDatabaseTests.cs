using RecordingFunctions.Migrate;
using RecordingFunctions.Migration;

namespace RecordingFunctions.Tests.Migration;

/// <summary>Reading the Flask server's database, each schema version as it is, without an app.</summary>
public sealed class FlaskDatabaseTests : IDisposable
{
    private readonly FlaskServerFolder _flask = new();

    [Fact]
    public void The_newest_schema_gives_participants_recordings_assignments_and_tags_and_names_the_tables_left_out()
    {
        var set = Guid.NewGuid().ToString("D");
        FlaskDatabaseFile.Create(_flask.Database, FlaskSchema.Newest)
            .Participant(1, "Anna", "3f2a9c0d1e4b5a67", active: true)
            .Participant(2, null, "0a1b2c3d4e5f6a7b")
            .Recording(7, set)
            .Assign(7, 1)
            .Assign(null, 2)
            .Tag(3, "good")
            .TagRecording(7, 3)
            .Execute("INSERT INTO authentication_request (id, identifier, granted, used) VALUES (1, 'SM-R860[3f2a9c0d1e4b5a67]', 1, 1)")
            .Execute("INSERT INTO record_entry_comment (id, based_recording_id, file_name, comment) VALUES (1, 7, 'video.avi', 'duration: 00:12')");

        var (content, error) = FlaskDatabase.Read(_flask.Database);

        Assert.Null(error);
        Assert.Equal("b5f8eb3276fa", content!.Revision);
        Assert.Equal([new FlaskParticipant(1, "Anna", "3f2a9c0d1e4b5a67", true), new FlaskParticipant(2, null, "0a1b2c3d4e5f6a7b", false)], content.Participants);
        Assert.Equal([new FlaskRecording(7, $"uploads/recordings/{set}")], content.Recordings);
        Assert.Equal([new FlaskAssignment(7, 1), new FlaskAssignment(null, 2)], content.Assignments);
        Assert.Equal([new FlaskTag(3, "good")], content.Tags);
        Assert.Equal([new FlaskRecordingTag(7, 3)], content.RecordingTags);
        Assert.Empty(content.Lacking);
        // Empty tables lose nothing and are not named.
        Assert.Equal(
            [
                "authentication_request (1 rows): the watches' pairing requests; watches pair again with this app, or keep using the client secret of config.yml",
                "record_entry_comment (1 rows): the video lengths the Flask server computed for .avi files",
            ],
            content.LeftOut);
    }

    [Fact]
    public void The_initial_schema_of_January_2022_has_no_active_flag_and_no_tags_and_says_so()
    {
        FlaskDatabaseFile.Create(_flask.Database, FlaskSchema.Initial).Participant(1, "Anna", "3f2a9c0d1e4b5a67");

        var (content, _) = FlaskDatabase.Read(_flask.Database);

        Assert.Equal("997a8f92fdd5", content!.Revision);
        Assert.Equal([new FlaskParticipant(1, "Anna", "3f2a9c0d1e4b5a67", false)], content.Participants);
        Assert.Empty(content.Tags);
        Assert.Equal(
            [
                "no recording_tag table (tags came on 22 January 2022): no tags are imported",
                "no recording_to_tag table (tags on recordings came on 22 January 2022): no tags are imported",
                "no participant.is_active column (the active flag came in January 2022): every participant is imported inactive",
            ],
            content.Lacking);
    }

    [Fact]
    public void The_schema_with_the_first_tag_table_reads_its_tags_and_active_flags_and_names_the_missing_tags_on_recordings()
    {
        FlaskDatabaseFile.Create(_flask.Database, FlaskSchema.FirstTags).Participant(1, "Anna", "3f2a9c0d1e4b5a67", active: true).Tag(1, "good");

        var (content, _) = FlaskDatabase.Read(_flask.Database);

        Assert.True(content!.Participants.Single().Active);
        Assert.Equal([new FlaskTag(1, "good")], content.Tags);
        Assert.Equal(["no recording_to_tag table (tags on recordings came on 22 January 2022): no tags are imported"], content.Lacking);
    }

    [Fact]
    public void A_file_that_is_no_SQLite_database_is_refused_with_the_reason()
    {
        File.WriteAllText(_flask.Database, "client_secret: this is config.yml, given by mistake\n");

        var (content, error) = FlaskDatabase.Read(_flask.Database);

        Assert.Null(content);
        Assert.StartsWith($"{_flask.Database} is not a SQLite database that can be read: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused()
    {
        var (content, error) = FlaskDatabase.Read(_flask.Database);

        Assert.Null(content);
        Assert.Equal($"{_flask.Database}: no such file", error);
        Assert.False(File.Exists(_flask.Database));
    }

    [Fact]
    public void A_SQLite_database_of_something_else_is_refused()
    {
        FlaskDatabaseFile.CreateOther(_flask.Database, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");

        Assert.Equal(
            $"{_flask.Database} is not the Flask server's sensor_recorder.db: it has none of its tables (participant, recording, participant_to_recording, recording_tag, recording_to_tag, ...)",
            FlaskDatabase.Read(_flask.Database).Error);
    }

    [Fact]
    public void A_participant_table_without_a_column_every_version_had_is_refused()
    {
        FlaskDatabaseFile.CreateOther(_flask.Database, "CREATE TABLE participant (id INTEGER PRIMARY KEY, name TEXT)");

        Assert.Equal(
            $"{_flask.Database} is not the Flask server's sensor_recorder.db: its table participant has no column alias, which every version has",
            FlaskDatabase.Read(_flask.Database).Error);
    }

    [Fact]
    public void The_usual_places_are_beside_the_uploads_folder_and_in_instance_there()
    {
        Assert.Equal(
            [Path.Combine(_flask.Root, "sensor_recorder.db"), Path.Combine(_flask.Root, "instance", "sensor_recorder.db")],
            FlaskDatabase.UsualPlaces(_flask.Uploads + Path.DirectorySeparatorChar));
    }

    public void Dispose() => _flask.Dispose();
}
