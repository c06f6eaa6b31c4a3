using System.Globalization;
using Microsoft.Data.Sqlite;
using RecordingFunctions.Migration;

namespace RecordingFunctions.Migrate;

/// <summary>
/// Reads the Flask server's SQLite database <c>sensor_recorder.db</c> (its SQLAlchemy models, changed by Alembic
/// migrations from January 2022 on) read-only. The tables and columns of the schema version at hand are looked up, not
/// assumed: what an older version lacks is named, a file that is not such a database is refused before anything is
/// imported. Here rather than in the function app, which then carries no SQLite.
/// </summary>
public static class FlaskDatabase
{
    public const string FileName = "sensor_recorder.db";

    private const string ParticipantTable = "participant";
    private const string RecordingTable = "recording";
    private const string AssignmentTable = "participant_to_recording";
    private const string TagTable = "recording_tag";
    private const string RecordingTagTable = "recording_to_tag";
    private const string RevisionTable = "alembic_version";

    /// <summary>The columns each version of a table the import reads has had; a table without them is not the Flask server's.</summary>
    private static readonly Dictionary<string, string[]> ColumnsRead = new(StringComparer.Ordinal)
    {
        [ParticipantTable] = ["id", "alias", "android_id"],
        [RecordingTable] = ["id", "path"],
        [AssignmentTable] = ["recording_id", "participant_id"],
        [TagTable] = ["id", "name"],
        [RecordingTagTable] = ["recording_id", "recording_tag_id"],
    };

    /// <summary>What a missing table read by the import means: which versions lack it, and what is then not imported.</summary>
    private static readonly Dictionary<string, string> WhenMissing = new(StringComparer.Ordinal)
    {
        [ParticipantTable] = "no participant table (participants came in January 2022): no participants are imported",
        [RecordingTable] = "no recording table (recordings came in January 2022): no set assignments or tags are imported",
        [AssignmentTable] = "no participant_to_recording table (it came in January 2022): no set assignments are imported",
        [TagTable] = "no recording_tag table (tags came on 22 January 2022): no tags are imported",
        [RecordingTagTable] = "no recording_to_tag table (tags on recordings came on 22 January 2022): no tags are imported",
    };

    /// <summary>The Flask server's other tables, which the import leaves out, and why.</summary>
    private static readonly Dictionary<string, string> LeftOutTables = new(StringComparer.Ordinal)
    {
        ["authentication_request"] = "the watches' pairing requests; watches pair again with this app, or keep using the client secret of config.yml",
        ["meta_info"] = "each set's metaInfo json, which this app reads from the set's own file",
        ["recording_stats"] = "figures the Flask server computed per set; this app computes its own from the sets' files",
        ["participant_stats"] = "figures the Flask server computed per participant; this app computes its own from the sets' files",
        ["recording_evaluation"] = "the answers of each set's evaluation files, which this app reads from those files",
        ["recording_calculations"] = "the sensor variance behind the Flask server's 'no data' tag; this app sets 'no data' from the sensor samples",
        ["participants_tag_setting"] = "each participant's choice of tags counted in its statistics; this app has one list for the study (excluding_set_tags)",
        ["personalization"] = "the Flask server's personalised models (its uploads/participants/ folder is not copied either)",
        ["recording_for_personalization"] = "which sets trained and tested the Flask server's personalised models",
        ["manual_prediction"] = "test runs of the Flask server's personalised models",
        ["record_entry_comment"] = "the video lengths the Flask server computed for .avi files",
    };

    /// <summary>
    /// Where the Flask server kept its database beside <paramref name="uploadsFolder"/>: its default
    /// <c>sqlite:///sensor_recorder.db</c> is relative to the working directory, the folder holding <c>uploads/</c>,
    /// under Flask-SQLAlchemy 2, and to the app's <c>instance/</c> folder there under Flask-SQLAlchemy 3.
    /// </summary>
    public static IReadOnlyList<string> UsualPlaces(string uploadsFolder) =>
        Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(uploadsFolder))) is { } server
            ? [Path.Combine(server, FileName), Path.Combine(server, "instance", FileName)]
            : [];

    /// <returns>What the import takes from the database, or why it cannot be read.</returns>
    public static (FlaskDatabaseContent? Content, string? Error) Read(string path)
    {
        if (!File.Exists(path))
        {
            return (null, $"{path}: no such file");
        }

        try
        {
            using var connection = new SqliteConnection(
                new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            return ReadFrom(connection, path);
        }
        catch (SqliteException e)
        {
            return (null, $"{path} is not a SQLite database that can be read: {e.Message}");
        }
    }

    private static (FlaskDatabaseContent? Content, string? Error) ReadFrom(SqliteConnection connection, string path)
    {
        var tables = Rows(connection, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", row => row.Text("name")!)
            .Where(t => !t.StartsWith("sqlite_", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        if (!tables.Overlaps(ColumnsRead.Keys.Concat(LeftOutTables.Keys)))
        {
            return (null, $"{path} is not the Flask server's {FileName}: it has none of its tables ({string.Join(", ", ColumnsRead.Keys)}, ...)");
        }

        foreach (var (table, columns) in ColumnsRead.Where(t => tables.Contains(t.Key)))
        {
            var present = Columns(connection, table);
            if (columns.FirstOrDefault(c => !present.Contains(c)) is { } missing)
            {
                return (null, $"{path} is not the Flask server's {FileName}: its table {table} has no column {missing}, which every version has");
            }
        }

        var lacking = ColumnsRead.Keys.Where(t => !tables.Contains(t)).Select(t => WhenMissing[t]).ToList();
        var hasActiveFlag = tables.Contains(ParticipantTable) && Columns(connection, ParticipantTable).Contains("is_active");
        if (tables.Contains(ParticipantTable) && !hasActiveFlag)
        {
            lacking.Add("no participant.is_active column (the active flag came in January 2022): every participant is imported inactive");
        }

        var leftOut = tables.Where(t => !ColumnsRead.ContainsKey(t) && t != RevisionTable).Order(StringComparer.Ordinal)
            .Select(t => (Table: t, Rows: Count(connection, t)))
            .Where(t => t.Rows > 0)
            .Select(t => $"{t.Table} ({t.Rows} rows): {LeftOutTables.GetValueOrDefault(t.Table, "a table the import does not know")}")
            .ToList();

        return (new FlaskDatabaseContent(
            tables.Contains(RevisionTable) ? Rows(connection, "SELECT * FROM alembic_version", row => row.Text("version_num")).FirstOrDefault() : null,
            tables.Contains(ParticipantTable)
                ? Rows(connection, "SELECT * FROM participant ORDER BY id", row => new FlaskParticipant(row.Id("id")!.Value, row.Text("alias"), row.Text("android_id"), row.Flag("is_active")))
                : [],
            tables.Contains(RecordingTable)
                ? Rows(connection, "SELECT * FROM recording ORDER BY id", row => new FlaskRecording(row.Id("id")!.Value, row.Text("path")))
                : [],
            tables.Contains(AssignmentTable)
                ? Rows(connection, "SELECT * FROM participant_to_recording", row => new FlaskAssignment(row.Id("recording_id"), row.Id("participant_id")))
                : [],
            tables.Contains(TagTable)
                ? Rows(connection, "SELECT * FROM recording_tag ORDER BY id", row => new FlaskTag(row.Id("id")!.Value, row.Text("name")))
                : [],
            tables.Contains(RecordingTagTable)
                ? Rows(connection, "SELECT * FROM recording_to_tag", row => new FlaskRecordingTag(row.Id("recording_id"), row.Id("recording_tag_id")))
                : [],
            lacking,
            leftOut), null);
    }

    private static HashSet<string> Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", table);
        using var reader = command.ExecuteReader();
        var columns = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static long Count(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The name comes from the database's own list of tables and is quoted as an identifier.
        command.CommandText = $"SELECT COUNT(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
#pragma warning restore CA2100
        return (long)command.ExecuteScalar()!;
    }

    private static List<T> Rows<T>(SqliteConnection connection, string query, Func<Row, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = query;
        using var reader = command.ExecuteReader();
        var row = new Row(reader);
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(row));
        }

        return rows;
    }

    /// <summary>
    /// The current row by column name, as SQLite's loose typing may hold it: SQLAlchemy writes booleans as 0 and 1 and
    /// ids as integers, but a column missing in the schema version at hand reads as null.
    /// </summary>
    private sealed class Row(SqliteDataReader reader)
    {
        private readonly Dictionary<string, int> _ordinals = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => i, StringComparer.Ordinal);

        public string? Text(string column) => Value(column) switch
        {
            null => null,
            byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
            var value => Convert.ToString(value, CultureInfo.InvariantCulture),
        };

        public long? Id(string column) => Value(column) switch
        {
            long id => id,
            string text when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) => id,
            _ => null,
        };

        public bool Flag(string column) => Value(column) switch
        {
            long number => number != 0,
            double number => number != 0,
            string text => text.Trim() is "1" || text.Trim().Equals("true", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

        private object? Value(string column) =>
            _ordinals.TryGetValue(column, out var ordinal) && !reader.IsDBNull(ordinal) ? reader.GetValue(ordinal) : null;
    }
}
