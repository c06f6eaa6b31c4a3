using RecordingFunctions.Migrate;

namespace RecordingFunctions.Tests.Migration;

/// <summary>A Flask server's folder as the tests lay it out (its <c>uploads/</c>, <c>conf/</c>, database), and the import run over it.</summary>
public sealed class FlaskServerFolder : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("flask-server-");

    public string Root => _root.FullName;

    public string Uploads => Path.Combine(Root, "uploads");

    /// <summary>Where the Flask server kept its database with Flask-SQLAlchemy 2: beside <c>uploads/</c>.</summary>
    public string Database => Path.Combine(Root, "sensor_recorder.db");

    /// <summary>Writes a file at <paramref name="path"/> below <c>uploads/</c>.</summary>
    public void Write(string path, byte[] content)
    {
        var full = Path.Combine(Uploads, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
    }

    /// <summary>A set's folder in <c>uploads/recordings/</c> holding one battery file; answers its uuid.</summary>
    public string WriteSet()
    {
        var setId = Guid.NewGuid().ToString("D");
        Write($"recordings/{setId}/battery_0_2022-03-01T10:00+0000_f00d.csv", "1\t2\n"u8.ToArray());
        return setId;
    }

    /// <summary>Runs <c>import-flask</c> over <c>uploads/</c> into the app's storage and asserts it succeeded; answers its output.</summary>
    public async Task<string> ImportAsync(TestApp app, params string[] options)
    {
        var (exit, output) = await RunImportAsync(app, options);
        Assert.True(exit == 0, output);
        return output;
    }

    public async Task<(int Exit, string Output)> RunImportAsync(TestApp app, params string[] options)
    {
        var output = new StringWriter();
        var exit = await MigrationCommand.RunAsync(
            ["import-flask", Uploads, .. options],
            new Dictionary<string, string?>
            {
                ["RecordingsStorage"] = Azurite.ConnectionString,
                ["Recordings:Storage:Prefix"] = app.Prefix,
                [ConfigBootstrap.AdminUserSetting] = TestApp.AdminUser,
                [ConfigBootstrap.AdminPasswordSetting] = app.AdminPassword,
            },
            output,
            CancellationToken.None);
        return (exit, output.ToString());
    }

    public void Dispose() => _root.Delete(recursive: true);
}
