using Xunit.Abstractions;
using Xunit.Sdk;

namespace RecordingFunctions.Tests.RealHost;

/// <summary>
/// One real Functions host over the app's build output, shared by the tests of the "Real host" collection (its
/// start takes seconds); each test pairs its own watch and uploads into its own sets.
/// </summary>
public sealed class RealHostFixture(IMessageSink diagnostics) : StartedApp<FunctionsHostApp>(() => StartAsync(diagnostics))
{
    public const long LargestUploadBytes = 512L * 1024 * 1024;

    private static async Task<FunctionsHostApp> StartAsync(IMessageSink diagnostics)
    {
        diagnostics.OnMessage(new DiagnosticMessage("Real-host tests run on {0}", FunctionsHostApp.HostDescription));
        var app = await FunctionsHostApp.StartAsync(new Dictionary<string, string>
        {
            // A 4 GB instance taking one upload at a time (docs/deploy.md), so that 256 MiB files fit.
            ["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"] = $"{LargestUploadBytes + 65536}",
            ["Recordings__MaxUploadBytes"] = $"{LargestUploadBytes}",
        });
        try
        {
            using var studyLimit = await app.Admin.PutAsJsonAsync("manage/api/settings", new { maxUploadBytes = LargestUploadBytes });
            studyLimit.EnsureSuccessStatusCode();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedRealHost : ICollectionFixture<RealHostFixture>
{
    public const string Name = "Real host";
}
