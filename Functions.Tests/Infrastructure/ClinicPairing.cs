namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// A study pairing 30 watches at once behind one clinic address (a NAT; here loopback), with the default limits on
/// pending pairing requests: every watch is recorded, waits, is granted and collects its own token.
/// </summary>
public static class ClinicPairing
{
    public const int Watches = 30;

    public static async Task AssertAllPairAtOnceAsync(IRunningApp app)
    {
        var clinic = Guid.NewGuid().ToString("N")[..6];
        var watches = Enumerable.Range(0, Watches).Select(i => (Identifier: $"clinic-{clinic}-watch-{i:D2}", Watch: SimulatedWatch.Of2021(app))).ToList();

        Assert.All(await AskAllAsync(watches), status => Assert.Equal("new", status));
        Assert.All(await AskAllAsync(watches), status => Assert.Equal("pending", status));
        var pending = (await app.GetJsonAsync("manage/api/pairing/requests?search=" + clinic)).EnumerateArray()
            .Select(r => r.GetProperty("identifier").GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(watches.Select(w => w.Identifier), pending);

        foreach (var (identifier, _) in watches)
        {
            await app.GrantAsync(identifier);
        }

        Assert.All(await AskAllAsync(watches), status => Assert.Equal("grant", status));
        Assert.Equal(Watches, watches.Select(w => w.Watch.Token).Distinct().Count());
        var sets = await Task.WhenAll(watches.Select(w => w.Watch.NewSetAsync()));
        Assert.Equal(Watches, sets.Distinct().Count());
        Assert.Empty((await app.GetJsonAsync("manage/api/pairing/requests?search=" + clinic)).EnumerateArray());
    }

    private static async Task<string?[]> AskAllAsync(IEnumerable<(string Identifier, SimulatedWatch Watch)> watches) =>
        await Task.WhenAll(watches.Select(async w => (await w.Watch.RequestTokenAsync(w.Identifier)).GetProperty("status").GetString()));
}
