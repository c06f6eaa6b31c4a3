using System.Net.Http.Json;
using RecordingFunctions.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RecordingFunctions.Tests.RealHost;

/// <summary>
/// One real Functions host over the app's build output, shared by the tests of the "Real host" collection (its
/// start takes seconds); each test pairs its own watch and uploads into its own sets.
/// </summary>
public sealed class RealHostFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    public const long LargestUploadBytes = 512L * 1024 * 1024;

    private FunctionsHostApp? _app;

    public FunctionsHostApp App => _app ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        diagnostics.OnMessage(new DiagnosticMessage("Real-host tests run on {0}", FunctionsHostApp.HostDescription));
        _app = await FunctionsHostApp.StartAsync(new Dictionary<string, string>
        {
            // A 4 GB instance taking one upload at a time (docs/deploy.md), so that 256 MiB files fit.
            ["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"] = $"{LargestUploadBytes + 65536}",
            ["Recordings__MaxUploadBytes"] = $"{LargestUploadBytes}",
        });
        using var studyLimit = await _app.Admin.PutAsJsonAsync("manage/api/settings", new { maxUploadBytes = LargestUploadBytes });
        studyLimit.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedRealHost : ICollectionFixture<RealHostFixture>
{
    public const string Name = "Real host";
}
