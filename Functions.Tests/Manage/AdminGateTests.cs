using RecordingFunctions.DevHost;
using RecordingFunctions.Manage;

namespace RecordingFunctions.Tests.Manage;

/// <summary>The admin gate runs before every function of the page and the management API, and before no other.</summary>
public sealed class AdminGateTests
{
    [Fact]
    public void Exactly_the_functions_under_manage_are_marked_admin_only()
    {
        var functions = FunctionRoutes.HttpFunctions(FunctionEndpoints.FunctionsAssembly);
        var marked = functions.Where(f => AdminOnlyAttribute.Of(f.Method) is not null).Select(f => f.Name).Order();
        var underManage = functions.Where(f => f.Route == "manage" || f.Route.StartsWith("manage/", StringComparison.Ordinal)).Select(f => f.Name).Order();

        Assert.Equal(underManage, marked);
        Assert.Contains("ListAuditLog", marked);
        Assert.Contains("ManagePage", marked);
    }

    [Fact]
    public void A_function_that_is_not_marked_gets_no_admin()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();

        var refused = Assert.Throws<InvalidOperationException>(() => SignedInAdmin.Of(context.Request));
        Assert.Contains("[AdminOnly]", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_route_of_the_page_and_the_api_refuses_strangers_and_foreign_pages_before_its_function_runs()
    {
        await using var app = await TestApp.StartAsync();

        Assert.NotEmpty(AdminRouteSweep.Requests);
        Assert.Empty(await AdminRouteSweep.NotRefusedAsync(app));
        Assert.Empty(await app.AllBlobsAsync());
    }
}
