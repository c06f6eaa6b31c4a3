using System.Reflection;
using RecordingFunctions.DevHost;

namespace RecordingFunctions.Tests.Hosting;

/// <summary>
/// The development host serves what the Functions host will serve: its route table, read from the attributes,
/// equals the <c>functions.metadata</c> the Worker SDK writes at build time.
/// </summary>
public sealed class FunctionMetadataTests
{
    private static readonly string Configuration =
        typeof(FunctionMetadataTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    private static JsonElement[] Metadata()
    {
        var path = Path.Combine(Repository.Root, "Functions", "bin", Configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"The Worker SDK did not write {path}");
        return [.. JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray()];
    }

    private static JsonElement Trigger(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    [Fact]
    public void The_development_host_route_table_equals_the_generated_function_metadata()
    {
        var generated = Metadata()
            .Where(f => Trigger(f).GetProperty("type").GetString() == "httpTrigger")
            .Select(f => (
                Name: f.GetProperty("name").GetString()!,
                Route: Trigger(f).GetProperty("route").GetString()!,
                Methods: string.Join(",", Trigger(f).GetProperty("methods").EnumerateArray().Select(m => m.GetString()).Order()),
                AuthLevel: Trigger(f).GetProperty("authLevel").GetString()!))
            .OrderBy(f => f.Name)
            .ToArray();
        var served = FunctionRoutes.HttpFunctions(FunctionEndpoints.FunctionsAssembly)
            .Select(f => (f.Name, f.Route, Methods: string.Join(",", f.Methods.Order()), f.AuthLevel))
            .OrderBy(f => f.Name)
            .ToArray();

        Assert.NotEmpty(generated);
        Assert.Equal(generated, served);
    }

    [Fact]
    public void Both_archive_entry_points_are_generated_as_blob_triggers_on_the_recordings_container()
    {
        var blobTriggers = Metadata()
            .Where(f => Trigger(f).GetProperty("type").GetString() == "blobTrigger")
            .ToDictionary(f => f.GetProperty("name").GetString()!, Trigger);

        Assert.Equal(["ArchiveSetOnBlobPolling", "ArchiveSetOnEventGrid"], blobTriggers.Keys.Order());
        Assert.All(blobTriggers.Values, t => Assert.Equal("recordings/{uuid}/{name}", t.GetProperty("path").GetString()));
        Assert.All(blobTriggers.Values, t => Assert.Equal("RecordingsStorage", t.GetProperty("connection").GetString()));
        Assert.Equal("EventGrid", blobTriggers["ArchiveSetOnEventGrid"].GetProperty("source").GetString());
        Assert.Equal(
            FunctionRoutes.BlobFunctions(FunctionEndpoints.FunctionsAssembly).Select(f => f.Name).Order(),
            blobTriggers.Keys.Order());
    }

    [Fact]
    public void No_route_begins_with_a_segment_the_Functions_host_reserves()
    {
        Assert.All(
            Metadata().Select(Trigger).Where(t => t.TryGetProperty("route", out _)).Select(t => t.GetProperty("route").GetString()!),
            route => Assert.False(
                route.StartsWith("admin", StringComparison.OrdinalIgnoreCase) || route.StartsWith("runtime", StringComparison.OrdinalIgnoreCase),
                $"{route} would be unreachable behind the Functions host"));
    }

    [Theory]
    [InlineData("admin/host/status")]
    [InlineData("runtime/webhooks/blobs")]
    public async Task The_fallback_route_leaves_the_hosts_reserved_paths_alone(string path)
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Http.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}
