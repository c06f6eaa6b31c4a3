using System.Text.Json.Nodes;
using RecordingFunctions.Http;
using RecordingFunctions.Storage;

namespace RecordingFunctions.DevHost;

/// <summary>
/// Serves the function app's own classes on Kestrel where Azure Functions Core Tools are not installed: the same
/// routes (from the same attributes), the same services, and blob-created events delivered to the blob trigger.
/// </summary>
public static class DevHostApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddJsonFile(LocalSettingsPath(), optional: true);
        builder.Configuration.AddInMemoryCollection(LocalSettingsValues());
        builder.Configuration.AddEnvironmentVariables();
        builder.AddRecordingFunctions();
        builder.Services.AddMvcCore();
        builder.Services.AddOptions<BlobTriggerOptions>().BindConfiguration(BlobTriggerOptions.Section);
        builder.Services.AddSingleton<BlobReceipts>();
        builder.Services.AddSingleton<BlobTriggerDelivery>();
        builder.Services.AddSingleton<IRecordingEvents>(provider => provider.GetRequiredService<BlobTriggerDelivery>());
        builder.Services.AddHostedService(provider => provider.GetRequiredService<BlobTriggerDelivery>());
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseCallerAddress();
        app.MapFunctionEndpoints(HostRoutePrefix.Read(app.Configuration, AppContext.BaseDirectory));
        return app;
    }

    private static string LocalSettingsPath() => Path.Combine(AppContext.BaseDirectory, "local.settings.json");

    /// <summary>local.settings.json keeps app settings under "Values", as Core Tools read them.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> LocalSettingsValues()
    {
        var path = LocalSettingsPath();
        if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path))?["Values"] is not JsonObject values)
        {
            return [];
        }

        return values.Select(pair => KeyValuePair.Create(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value?.ToString()));
    }
}
