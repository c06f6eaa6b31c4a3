using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RecordingFunctions.Tests.Migration;

/// <summary>The versions of the Flask server's database schema the tests build, by their Alembic revision.</summary>
public enum FlaskSchema
{
    /// <summary>997a8f92fdd5, 14 January 2022: participants and recordings, no active flag, no tags.</summary>
    Initial,

    /// <summary>52f88cc883dc, 19 to 21 January 2022: the active flag and a first tag table, no tags on recordings yet.</summary>
    FirstTags,

    /// <summary>b5f8eb3276fa, May 2022 and after: tags on recordings, per-participant tag settings, personalisation.</summary>
    Newest,
}

/// <summary>
/// A <c>sensor_recorder.db</c> with the tables a version of the Flask server's Alembic migrations created (as
/// SQLAlchemy writes them for SQLite), filled row by row by a test.
/// </summary>
public sealed class FlaskDatabaseFile
{
    private const string InitialTables = """
        CREATE TABLE authentication_request (id INTEGER NOT NULL, identifier VARCHAR(256) NOT NULL, granted BOOLEAN, used BOOLEAN, PRIMARY KEY (id), UNIQUE (identifier));
        CREATE TABLE meta_info (id INTEGER NOT NULL, ml_model VARCHAR(256), ml_settings VARCHAR(512), app_version VARCHAR(64), version_code VARCHAR(64), date DATETIME, start_time_stamp INTEGER, run_number INTEGER, android_id VARCHAR(256), PRIMARY KEY (id));
        CREATE TABLE participant_stats (id INTEGER NOT NULL, duration INTEGER, count_hand_washes_total INTEGER, count_hand_washes_manual INTEGER, count_hand_washes_detected_total INTEGER, count_evaluation_yes INTEGER, count_evaluation_no INTEGER, PRIMARY KEY (id));
        CREATE TABLE recording_stats (id INTEGER NOT NULL, duration INTEGER, count_hand_washes_total INTEGER, count_hand_washes_manual INTEGER, count_hand_washes_detected_total INTEGER, count_evaluation_yes INTEGER, count_evaluation_no INTEGER, PRIMARY KEY (id));
        CREATE TABLE participant (id INTEGER NOT NULL, android_id VARCHAR(256), alias VARCHAR(256), stats_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(stats_id) REFERENCES participant_stats (id));
        CREATE TABLE recording (id INTEGER NOT NULL, path VARCHAR(256) NOT NULL, alias VARCHAR(256), description TEXT, last_changed DATETIME, session_size INTEGER, stats_id INTEGER, meta_info_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(meta_info_id) REFERENCES meta_info (id), FOREIGN KEY(stats_id) REFERENCES recording_stats (id));
        CREATE TABLE participant_to_recording (recording_id INTEGER, participant_id INTEGER, FOREIGN KEY(participant_id) REFERENCES participant (id), FOREIGN KEY(recording_id) REFERENCES recording (id));
        CREATE TABLE recording_evaluation (id INTEGER NOT NULL, compulsive BOOLEAN, tense INTEGER, urge INTEGER, recording_id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(recording_id) REFERENCES recording (id));
        """;

    /// <summary>02aabcd5f580 (the active flag), 1ba7b9cc6dcb (daily averages) and 52f88cc883dc (a tag table), later folded into 120fa9a324bb.</summary>
    private const string FirstTagsChanges = """
        ALTER TABLE participant ADD COLUMN is_active BOOLEAN;
        ALTER TABLE participant_stats ADD COLUMN daily_duration INTEGER;
        CREATE TABLE recording_tag (id INTEGER NOT NULL, name VARCHAR(128), icon_name VARCHAR(128), icon_color VARCHAR(256), consider_for_stats BOOLEAN, PRIMARY KEY (id));
        """;

    /// <summary>120fa9a324bb to b5f8eb3276fa.</summary>
    private const string NewestChanges = """
        ALTER TABLE participant ADD COLUMN is_active BOOLEAN;
        ALTER TABLE participant ADD COLUMN enable_personalization BOOLEAN;
        CREATE TABLE recording_tag (id INTEGER NOT NULL, name VARCHAR(128), icon_name VARCHAR(128), icon_color VARCHAR(256), description VARCHAR(512), default_include_for_statistics BOOLEAN, PRIMARY KEY (id));
        CREATE TABLE participants_tag_setting (id INTEGER NOT NULL, participant_id INTEGER NOT NULL, recording_tag_id INTEGER, include_for_statistics BOOLEAN, not_include_for_statistics BOOLEAN, PRIMARY KEY (id), FOREIGN KEY(participant_id) REFERENCES participant (id), FOREIGN KEY(recording_tag_id) REFERENCES recording_tag (id));
        CREATE TABLE recording_to_tag (recording_tag_id INTEGER, recording_id INTEGER, FOREIGN KEY(recording_id) REFERENCES recording (id), FOREIGN KEY(recording_tag_id) REFERENCES recording_tag (id));
        CREATE TABLE recording_calculations (id INTEGER NOT NULL, variance VARCHAR(1024), PRIMARY KEY (id));
        ALTER TABLE recording ADD COLUMN calculations_id INTEGER;
        ALTER TABLE recording_evaluation ADD COLUMN timestamp DATETIME;
        CREATE TABLE personalization (id INTEGER NOT NULL, version INTEGER, iteration INTEGER, participant_id INTEGER NOT NULL, mean_threshold FLOAT, mean_kernel_width INTEGER, false_diff_relative FLOAT, correct_diff_relative FLOAT, used_filter VARCHAR, required_time FLOAT, sensitivity FLOAT, precision FLOAT, f1 FLOAT, based_personalization_id INTEGER, used_regularization BOOLEAN, PRIMARY KEY (id), FOREIGN KEY(participant_id) REFERENCES participant (id));
        CREATE TABLE recording_for_personalization (id INTEGER NOT NULL, personalization_id INTEGER NOT NULL, recording_id INTEGER, used_for_training BOOLEAN, used_for_testing BOOLEAN, unusable BOOLEAN, PRIMARY KEY (id));
        CREATE TABLE manual_prediction (id INTEGER NOT NULL, based_personalization_id INTEGER, based_recording_id INTEGER, false_diff_relative FLOAT, correct_diff_relative FLOAT, PRIMARY KEY (id));
        CREATE TABLE record_entry_comment (id INTEGER NOT NULL, based_recording_id INTEGER, file_name VARCHAR, comment VARCHAR, PRIMARY KEY (id), FOREIGN KEY(based_recording_id) REFERENCES recording (id));
        """;

    private readonly string _path;
    private readonly FlaskSchema _schema;

    private FlaskDatabaseFile(string path, FlaskSchema schema) => (_path, _schema) = (path, schema);

    public static FlaskDatabaseFile Create(string path, FlaskSchema schema)
    {
        var database = new FlaskDatabaseFile(path, schema);
        var (changes, revision) = schema switch
        {
            FlaskSchema.Initial => ("", "997a8f92fdd5"),
            FlaskSchema.FirstTags => (FirstTagsChanges, "52f88cc883dc"),
            _ => (NewestChanges, "b5f8eb3276fa"),
        };
        database.Execute(InitialTables + changes);
        database.Execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))");
        database.Execute("INSERT INTO alembic_version VALUES ($revision)", ("$revision", revision));
        return database;
    }

    /// <summary>A SQLite file with only the tables <paramref name="sql"/> creates: not the Flask server's.</summary>
    public static void CreateOther(string path, string sql) => new FlaskDatabaseFile(path, FlaskSchema.Newest).Execute(sql);

    /// <param name="active">Written only where the schema has the active flag.</param>
    public FlaskDatabaseFile Participant(long id, string? alias, string? androidId, bool active = false) =>
        _schema == FlaskSchema.Initial
            ? Execute("INSERT INTO participant (id, alias, android_id) VALUES ($id, $alias, $androidId)", ("$id", id), ("$alias", alias), ("$androidId", androidId))
            : Execute(
                "INSERT INTO participant (id, alias, android_id, is_active) VALUES ($id, $alias, $androidId, $active)",
                ("$id", id), ("$alias", alias), ("$androidId", androidId), ("$active", active ? 1 : 0));

    /// <summary>A recording whose folder the Flask server wrote as <c>uploads/recordings/&lt;folder&gt;</c>.</summary>
    public FlaskDatabaseFile Recording(long id, string folder) =>
        Execute(
            "INSERT INTO recording (id, path, description, last_changed, session_size) VALUES ($id, $path, '', $changed, 4)",
            ("$id", id), ("$path", $"uploads/recordings/{folder}"), ("$changed", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)));

    public FlaskDatabaseFile Assign(long? recordingId, long? participantId) =>
        Execute("INSERT INTO participant_to_recording (recording_id, participant_id) VALUES ($recording, $participant)", ("$recording", recordingId), ("$participant", participantId));

    public FlaskDatabaseFile Tag(long id, string name) =>
        Execute("INSERT INTO recording_tag (id, name, icon_name, icon_color) VALUES ($id, $name, 'fas fa-bookmark', 'grey')", ("$id", id), ("$name", name));

    public FlaskDatabaseFile TagRecording(long recordingId, long tagId) =>
        Execute("INSERT INTO recording_to_tag (recording_tag_id, recording_id) VALUES ($tag, $recording)", ("$tag", tagId), ("$recording", recordingId));

    public FlaskDatabaseFile Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
        return this;
    }
}
