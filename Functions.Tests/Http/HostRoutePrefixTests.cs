using Microsoft.Extensions.Configuration;

namespace RecordingFunctions.Tests.Http;

/// <summary>The route prefix as the Functions host reads it: host.json, an app setting over it, "api" without either.</summary>
public sealed class HostRoutePrefixTests : IDisposable
{
    private readonly string _appDirectory = Directory.CreateTempSubdirectory("host-json-").FullName;

    private static IConfiguration Settings(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void The_prefix_comes_from_host_json_without_slashes()
    {
        File.WriteAllText(Path.Combine(_appDirectory, "host.json"), """{"version": "2.0", "extensions": {"http": {"routePrefix": "/handwash/"}}}""");

        Assert.Equal("handwash", HostRoutePrefix.Read(Settings([]), _appDirectory));
    }

    [Fact]
    public void The_app_setting_overrides_host_json()
    {
        File.WriteAllText(Path.Combine(_appDirectory, "host.json"), """{"version": "2.0", "extensions": {"http": {"routePrefix": ""}}}""");

        Assert.Equal("studies", HostRoutePrefix.Read(Settings(new() { [HostRoutePrefix.OverrideSetting] = "studies" }), _appDirectory));
        Assert.Equal("", HostRoutePrefix.Read(Settings([]), _appDirectory));
    }

    [Fact]
    public void Without_a_prefix_in_host_json_the_host_uses_api()
    {
        Assert.Equal(HostRoutePrefix.HostDefault, HostRoutePrefix.Read(Settings([]), _appDirectory));
        File.WriteAllText(Path.Combine(_appDirectory, "host.json"), """{"version": "2.0"}""");
        Assert.Equal(HostRoutePrefix.HostDefault, HostRoutePrefix.Read(Settings([]), _appDirectory));
    }

    public void Dispose() => Directory.Delete(_appDirectory, recursive: true);
}
