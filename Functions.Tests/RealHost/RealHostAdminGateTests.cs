namespace RecordingFunctions.Tests.RealHost;

/// <summary>The admin gate as the worker middleware runs it under the real Functions host.</summary>
[Collection(SharedRealHost.Name)]
public sealed class RealHostAdminGateTests(RealHostFixture host)
{
    [Fact]
    public async Task Every_route_of_the_page_and_the_api_refuses_strangers_and_foreign_pages_before_its_function_runs() =>
        Assert.Empty(await AdminRouteSweep.NotRefusedAsync(host.App));
}
