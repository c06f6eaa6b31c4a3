using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecordingFunctions.Migration;
using RecordingFunctions.Storage;

namespace RecordingFunctions.Migrate;

/// <summary>
/// <c>import-flask UPLOADS [--config CONFIG.yml] [--no-activate]</c> copies the Flask server's folders, models and
/// configuration into storage and rebuilds; <c>rebuild-index</c> rebuilds the set index and every zip from the
/// recordings container.
/// Storage comes from the <c>RecordingsStorage</c> setting, as for the app (environment or command line).
/// </summary>
public static class MigrationCommand
{
    public const string Usage = """
        usage:
          RecordingsStorage=<connection string> dotnet run --project Migrate -- import-flask <uploads folder> [--config <config.yml>] [--no-activate]
          RecordingsStorage=<connection string> dotnet run --project Migrate -- rebuild-index
        import-flask copies the recordings, the models of tf_models/ into the model library and the configuration; the
        newest model a watch can load becomes the one the watches get, unless --no-activate is given (the active model
        then stays as it was).
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
        using var host = builder.Build();

        switch (args)
        {
            case ["import-flask", var uploads, .. var rest] when ImportOptions.Parse(rest) is { } options:
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
}

/// <summary>The options after <c>import-flask UPLOADS</c>, in any order.</summary>
internal sealed record ImportOptions(string? Config, bool Activate)
{
    /// <returns>Null when an option is unknown, repeated or lacks its value.</returns>
    public static ImportOptions? Parse(IReadOnlyList<string> options)
    {
        string? config = null;
        var activate = true;
        for (var i = 0; i < options.Count; i++)
        {
            switch (options[i])
            {
                case "--config" when config is null && i + 1 < options.Count:
                    config = options[++i];
                    break;
                case "--no-activate" when activate:
                    activate = false;
                    break;
                default:
                    return null;
            }
        }

        return new ImportOptions(config, activate);
    }
}
