using Microsoft.Extensions.Configuration;
using RecordingFunctions.DevHost;

namespace RecordingFunctions.Tests.DevHost;

/// <summary>Whose address the app sees behind the development host: the peer's, or what the trusted proxies say.</summary>
public sealed class CallerAddressTests
{
    [Fact]
    public void Without_the_setting_no_peer_is_trusted_not_even_loopback()
    {
        var options = CallerAddress.TrustedProxies(Settings([]));

        Assert.Empty(options.KnownProxies);
        Assert.Empty(options.KnownIPNetworks);
    }

    [Fact]
    public void Trusted_proxies_are_addresses_and_networks_given_as_a_list_or_comma_separated()
    {
        var listed = CallerAddress.TrustedProxies(Settings(new()
        {
            [$"{CallerAddress.TrustedProxiesSetting}:0"] = "127.0.0.1",
            [$"{CallerAddress.TrustedProxiesSetting}:1"] = "10.0.0.0/8",
        }));
        var separated = CallerAddress.TrustedProxies(Settings(new() { [CallerAddress.TrustedProxiesSetting] = "::1, fd00::/8" }));

        Assert.Equal([IPAddress.Parse("127.0.0.1")], listed.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("10.0.0.0/8")], listed.KnownIPNetworks);
        Assert.Equal([IPAddress.IPv6Loopback], separated.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("fd00::/8")], separated.KnownIPNetworks);
    }

    [Theory]
    [InlineData("proxy.local")]
    [InlineData("10.0.0.0/33")]
    public void An_entry_that_is_no_address_or_network_is_refused_naming_the_setting(string entry)
    {
        var refused = Assert.Throws<InvalidOperationException>(
            () => CallerAddress.TrustedProxies(Settings(new() { [CallerAddress.TrustedProxiesSetting] = entry })));

        Assert.Contains(CallerAddress.TrustedProxiesSetting, refused.Message, StringComparison.Ordinal);
        Assert.Contains(entry, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_a_peer_that_is_not_trusted_a_forged_X_Forwarded_For_never_reaches_the_app()
    {
        await using var app = await TestApp.StartAsync();

        await RequestTokenAsync(app, "forging-watch", forwardedFor: "198.51.100.4");

        Assert.Equal("127.0.0.1", await PendingSourceAsync(app));
    }

    [Fact]
    public async Task Behind_trusted_proxies_the_caller_is_the_nearest_address_that_is_not_one_of_them()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { [CallerAddress.TrustedProxiesSetting] = "127.0.0.1, 10.0.0.0/8" });

        // The caller wrote 192.0.2.1; its proxy-facing address 198.51.100.4 was added by the proxy at 10.1.2.3, which the proxy here at 127.0.0.1 added.
        await RequestTokenAsync(app, "proxied-watch", forwardedFor: "192.0.2.1, 198.51.100.4, 10.1.2.3");

        Assert.Equal("198.51.100.4", await PendingSourceAsync(app));
    }

    private static IConfiguration Settings(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static async Task RequestTokenAsync(TestApp app, string identifier, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"tokenauth/request/?identifier={identifier}");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await app.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string?> PendingSourceAsync(TestApp app) =>
        (await app.GetJsonAsync("manage/api/pairing/requests")).EnumerateArray().Single().GetProperty("source").GetString();
}
