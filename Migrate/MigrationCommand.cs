using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecordingFunctions.Migration;

namespace RecordingFunctions.Migrate;

/// <summary>
/// <c>import-flask UPLOADS [--config CONFIG.yml]</c> copies the Flask server's folders and configuration into storage
/// and rebuilds; <c>rebuild-index</c> rebuilds the set index and every zip from the recordings container.
/// Storage comes from the <c>RecordingsStorage</c> setting, as for the app (environment or command line).
/// </summary>
public static class MigrationCommand
{
    public const string Usage = """
        usage:
          RecordingsStorage=<connection string> dotnet run --project Migrate -- import-flask <uploads folder> [--config <config.yml>]
          RecordingsStorage=<connection string> dotnet run --project Migrate -- rebuild-index
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
        builder.Services.AddSingleton<FlaskImport>();
        builder.Services.AddSingleton<IndexRebuild>();
        using var host = builder.Build();

        switch (args)
        {
            case ["import-flask", var uploads, .. var rest] when rest is [] or ["--config", _]:
                var report = await host.Services.GetRequiredService<FlaskImport>().ImportAsync(uploads, rest is [_, var config] ? config : null, cancellationToken);
                await output.WriteLineAsync($"Copied {report.Files} files of {report.Sets.Count} sets{(report.ConfigCopied ? " and the configuration" : "")}.");
                foreach (var skipped in report.Skipped)
                {
                    await output.WriteLineAsync($"Skipped {skipped}");
                }

                await output.WriteLineAsync($"Rebuilt the index and zips of {await host.Services.GetRequiredService<IndexRebuild>().RebuildAsync(cancellationToken)} sets.");
                return 0;
            case ["rebuild-index"]:
                await output.WriteLineAsync($"Rebuilt the index and zips of {await host.Services.GetRequiredService<IndexRebuild>().RebuildAsync(cancellationToken)} sets.");
                return 0;
            default:
                await output.WriteLineAsync(Usage);
                return 2;
        }
    }
}
