using Microsoft.AspNetCore.Http;

namespace RecordingFunctions.Tests.Hosting;

/// <summary>
/// The caller's address as the function code reads it. Under the Functions host the worker's peer is the host, which
/// writes X-Forwarded-For itself; the development host writes it the same way (CallerAddressTests).
/// </summary>
public sealed class RequestSourceTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("203.0.113.7:50001", "203.0.113.7")]
    [InlineData("[2001:db8::5]:443", "2001:db8::5")]
    [InlineData("2001:db8::5", "2001:db8::5")]
    [InlineData("10.0.0.1, 203.0.113.7", "203.0.113.7")]
    public void The_source_is_the_last_X_Forwarded_For_entry_without_its_port(string forwardedFor, string source)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Headers["X-Forwarded-For"] = forwardedFor;

        Assert.Equal(source, RequestSource.Of(context.Request));
    }

    [Fact]
    public void Without_X_Forwarded_For_the_source_is_the_peer()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.4");

        Assert.Equal("198.51.100.4", RequestSource.Of(context.Request));
    }
}
