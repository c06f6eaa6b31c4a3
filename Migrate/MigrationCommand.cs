using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecordingFunctions.Migration;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Migrate;

/// <summary>
/// <c>import-flask UPLOADS [--config CONFIG.yml] [--database sensor_recorder.db] [--no-activate]</c> copies the Flask
/// server's folders, models and configuration into storage, rebuilds, and brings its database's participants, set
/// assignments and tags; <c>rebuild-index</c> rebuilds the set index and every zip from the recordings container.
/// Storage comes from the <c>RecordingsStorage</c> setting, as for the app (environment or command line).
/// </summary>
public static class MigrationCommand
{
    public const string Usage = """
        usage:
          RecordingsStorage=<connection string> dotnet run --project Migrate -- import-flask <uploads folder> [--config <config.yml>] [--database <sensor_recorder.db>] [--no-activate]
          RecordingsStorage=<connection string> dotnet run --project Migrate -- rebuild-index
        import-flask copies the recordings, the models of tf_models/ into the model library and the configuration; the
        newest model a watch can load becomes the one the watches get, unless --no-activate is given (the active model
        then stays as it was). From the Flask server's database (--database, else sensor_recorder.db found beside the
        uploads folder or in instance/ there) it brings the participants, which set is whose and the sets' tags.
        In Azure, instead of a connection string: RecordingsStorage__blobServiceUri=https://<account>.blob.core.windows.net
        and RecordingsStorage__tableServiceUri=https://<account>.table.core.windows.net, signed in with `az login`.
        """;

    public static async Task<int> RunAsync(string[] args, IEnumerable<KeyValuePair<string, string?>>? settings, TextWriter output, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = false });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddRecordingFunctions();
        builder.Services.AddSingleton<FlaskModelLibrary>();
        builder.Services.AddSingleton<FlaskImport>();
        builder.Services.AddSingleton<IndexRebuild>();
        builder.Services.AddSingleton<FlaskDatabaseImport>();
        using var host = builder.Build();

        switch (args)
        {
            case ["import-flask", var uploads, .. var rest] when ImportOptions.Parse(rest) is { } options:
                // The database is read whole before anything is copied, so that a bad one changes nothing.
                var (database, found, error) = LocateDatabase(uploads, options.Database);
                FlaskDatabaseContent? content = null;
                if (database is not null)
                {
                    (content, error) = FlaskDatabase.Read(database);
                }

                if (error is not null)
                {
                    await output.WriteLineAsync($"error: {error}");
                    return 1;
                }

                await output.WriteLineAsync(found);
                await host.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(cancellationToken);
                var report = await host.Services.GetRequiredService<FlaskImport>().ImportAsync(uploads, options.Config, options.Activate, cancellationToken);
                await output.WriteLineAsync($"Copied {report.Files} files of {report.Sets.Count} sets{(report.ConfigCopied ? " and the configuration" : "")}.");
                await output.WriteLineAsync(report.Models.Count == 0
                    ? "Imported no models into the library."
                    : $"Imported {report.Models.Count} models into the library: {string.Join(", ", report.Models)}.");
                await output.WriteLineAsync(report.ActiveModel is { } active
                    ? $"The watches now get {active}."
                    : options.Activate ? "No imported model can be loaded by watches; the active model is unchanged." : "The active model is unchanged (--no-activate).");
                foreach (var renamed in report.Renamed)
                {
                    await output.WriteLineAsync($"Imported {renamed}");
                }

                foreach (var skipped in report.Skipped)
                {
                    await output.WriteLineAsync($"Skipped {skipped}");
                }

                await output.WriteLineAsync($"Rebuilt the index and zips of {await host.Services.GetRequiredService<IndexRebuild>().RebuildAsync(cancellationToken)} sets.");
                if (content is not null)
                {
                    await WriteAsync(output, content, await host.Services.GetRequiredService<FlaskDatabaseImport>().ImportAsync(content, cancellationToken));
                }

                return 0;
            case ["rebuild-index"]:
                await host.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(cancellationToken);
                await output.WriteLineAsync($"Rebuilt the index and zips of {await host.Services.GetRequiredService<IndexRebuild>().RebuildAsync(cancellationToken)} sets.");
                return 0;
            default:
                await output.WriteLineAsync(Usage);
                return 2;
        }
    }

    /// <summary>The database given, or else the one at its usual place beside the uploads folder, if only one holds one.</summary>
    /// <returns>The database to read (null: none), a sentence saying where it came from, or why it is unclear which.</returns>
    private static (string? Database, string Found, string? Error) LocateDatabase(string uploads, string? given)
    {
        if (given is not null)
        {
            return (given, $"Reading the Flask database {given} (given with --database).", null);
        }

        var places = FlaskDatabase.UsualPlaces(uploads);
        return places.Where(File.Exists).ToList() switch
        {
            [var found] => (found, $"Reading the Flask database {found} (found beside the uploads folder).", null),
            [] => (null, $"No Flask database at {string.Join(" or ", places)}: no participants, set assignments or tags are imported (--database names one).", null),
            var several => (null, "", $"there is a {FlaskDatabase.FileName} at both {string.Join(" and ", several)}; name the Flask server's with --database"),
        };
    }

    private static async Task WriteAsync(TextWriter output, FlaskDatabaseContent content, FlaskDatabaseReport report)
    {
        await output.WriteLineAsync($"The Flask database is at Alembic revision {content.Revision ?? "(none recorded)"}.");
        foreach (var lacking in content.Lacking)
        {
            await output.WriteLineAsync($"The Flask database has {lacking}.");
        }

        await output.WriteLineAsync(
            $"Participants: {report.ParticipantsCreated} imported, {report.ParticipantsAlreadyImported} imported before, {report.ParticipantsMatched} made here already.");
        await output.WriteLineAsync($"Sets assigned by hand as the Flask database says: {report.SetsAssigned} ({report.SetsAlreadyAssigned} were so already).");
        await output.WriteLineAsync(report.TagsAdded.Count == 0
            ? $"Sets tagged as the Flask database says: {report.SetsTagged}; no tag added to the study's tags."
            : $"Sets tagged as the Flask database says: {report.SetsTagged}; added to the study's tags: {string.Join(", ", report.TagsAdded)}.");
        foreach (var notice in report.Notices)
        {
            await output.WriteLineAsync($"Note: {notice}.");
        }

        foreach (var skipped in report.Skipped)
        {
            await output.WriteLineAsync($"Skipped {skipped}");
        }

        foreach (var leftOut in content.LeftOut)
        {
            await output.WriteLineAsync($"Left out the Flask database's {leftOut}");
        }
    }
}

/// <summary>The options after <c>import-flask UPLOADS</c>, in any order.</summary>
internal sealed record ImportOptions(string? Config, string? Database, bool Activate)
{
    /// <returns>Null when an option is unknown, repeated or lacks its value.</returns>
    public static ImportOptions? Parse(IReadOnlyList<string> options)
    {
        string? config = null;
        string? database = null;
        var activate = true;
        for (var i = 0; i < options.Count; i++)
        {
            switch (options[i])
            {
                case "--config" when config is null && i + 1 < options.Count:
                    config = options[++i];
                    break;
                case "--database" when database is null && i + 1 < options.Count:
                    database = options[++i];
                    break;
                case "--no-activate" when activate:
                    activate = false;
                    break;
                default:
                    return null;
            }
        }

        return new ImportOptions(config, database, activate);
    }
}
