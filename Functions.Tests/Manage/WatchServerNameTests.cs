using Microsoft.Extensions.Configuration;
using RecordingFunctions.Manage;

namespace RecordingFunctions.Tests.Manage;

/// <summary>The server name the page tells researchers to enter on a watch, from the app's settings alone.</summary>
public sealed class WatchServerNameTests
{
    private const string AzureHostName = "handwash-study.azurewebsites.net";

    private static ServerName Resolve(Dictionary<string, string?> settings, string requestScheme = "http", string requestHost = "localhost:7071") =>
        new WatchServerName(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).For(requestScheme, requestHost);

    [Fact]
    public void The_public_base_url_setting_wins_over_the_Azure_host_name_and_the_request()
    {
        var name = Resolve(new()
        {
            [WatchServerName.PublicBaseUrlSetting] = "https://study.example.org",
            [WatchServerName.HostNameSetting] = AzureHostName,
        });

        Assert.Equal(new ServerName("https://study.example.org", ServerName.FromSetting, null), name);
        Assert.True(name.Https);
    }

    [Theory]
    [InlineData("https://study.example.org/", "https://study.example.org")]
    [InlineData("https://study.example.org//", "https://study.example.org")]
    [InlineData(" HTTPS://Study.Example.org:443/handwash/ ", "https://study.example.org/handwash")]
    [InlineData("https://abc123-7071.euw.devtunnels.ms/", "https://abc123-7071.euw.devtunnels.ms")]
    public void The_setting_loses_its_trailing_slash_and_keeps_its_path(string setting, string expected) =>
        Assert.Equal(expected, Resolve(new() { [WatchServerName.PublicBaseUrlSetting] = setting }).Value);

    [Fact]
    public void The_setting_is_taken_as_the_whole_server_name_without_the_route_prefix_added()
    {
        var name = Resolve(new()
        {
            [WatchServerName.PublicBaseUrlSetting] = "https://gateway.example.org/recordings",
            [HostRoutePrefix.OverrideSetting] = "handwash",
        });

        Assert.Equal("https://gateway.example.org/recordings", name.Value);
    }

    [Fact]
    public void Without_the_setting_the_Azure_host_name_gives_an_https_server_name()
    {
        var name = Resolve(new() { [WatchServerName.HostNameSetting] = AzureHostName }, "http", "10.0.0.4:80");

        Assert.Equal(new ServerName("https://" + AzureHostName, ServerName.FromHostName, null), name);
        Assert.True(name.Https);
    }

    [Fact]
    public void An_empty_setting_as_in_local_settings_counts_as_unset()
    {
        var name = Resolve(new() { [WatchServerName.PublicBaseUrlSetting] = "", [WatchServerName.HostNameSetting] = AzureHostName });

        Assert.Equal(new ServerName("https://" + AzureHostName, ServerName.FromHostName, null), name);
    }

    [Theory]
    [InlineData("localhost:7071")]
    [InlineData("127.0.0.1:7701")]
    public void A_host_name_with_a_port_is_a_local_host_and_the_request_origin_is_used(string localHostName)
    {
        var name = Resolve(new() { [WatchServerName.HostNameSetting] = localHostName }, "http", "127.0.0.1:7701");

        Assert.Equal(new ServerName("http://127.0.0.1:7701", ServerName.FromRequest, null), name);
        Assert.False(name.Https);
    }

    [Fact]
    public void Without_setting_and_host_name_the_request_origin_is_the_server_name()
    {
        Assert.Equal(new ServerName("http://localhost:7071", ServerName.FromRequest, null), Resolve([]));
        Assert.True(Resolve([], "https", "recordings.lab.example").Https);
    }

    [Fact]
    public void The_route_prefix_follows_the_Azure_host_name_and_the_request_origin()
    {
        Assert.Equal(
            "https://" + AzureHostName + "/handwash",
            Resolve(new() { [WatchServerName.HostNameSetting] = AzureHostName, [HostRoutePrefix.OverrideSetting] = "/handwash/" }).Value);
        Assert.Equal(
            "http://localhost:7071/studies/handwash",
            Resolve(new() { [HostRoutePrefix.OverrideSetting] = "studies/handwash" }).Value);
    }

    [Theory]
    [InlineData("study.example.org")]
    [InlineData("ftp://study.example.org")]
    [InlineData("https://study.example.org/?study=1")]
    [InlineData("https://study.example.org/#pairing")]
    [InlineData("https://admin:secret@study.example.org")]
    public void A_setting_that_is_no_usable_url_is_named_as_ignored_and_the_next_source_answers(string setting)
    {
        var name = Resolve(new() { [WatchServerName.PublicBaseUrlSetting] = setting, [WatchServerName.HostNameSetting] = AzureHostName });

        Assert.Equal("https://" + AzureHostName, name.Value);
        Assert.Equal(ServerName.FromHostName, name.Source);
        Assert.Contains("Recordings__PublicBaseUrl", name.SettingProblem, StringComparison.Ordinal);
        Assert.Contains(setting, name.SettingProblem, StringComparison.Ordinal);
    }
}
