using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace RecordingFunctions.DevHost;

/// <summary>
/// Tells the function code who called, the way the Functions host does: it replaces X-Forwarded-For with the address
/// of the peer it accepted the request from, so a header the caller wrote never reaches the app. Peers listed in
/// <c>DevHost:TrustedProxies</c> (addresses, or networks as <c>address/prefix</c>, as a list or comma-separated; none
/// by default) are proxies: their X-Forwarded-For is followed back through every trusted hop by ASP.NET Core's
/// ForwardedHeadersMiddleware, and the first address that is not a trusted proxy is the caller.
/// </summary>
public static class CallerAddress
{
    public const string TrustedProxiesSetting = "DevHost:TrustedProxies";

    public static void UseCallerAddress(this WebApplication app)
    {
        var trusted = TrustedProxies(app.Configuration);

        // With no proxy listed the middleware would trust every peer, so it runs only when there are some.
        if (trusted.KnownProxies.Count + trusted.KnownIPNetworks.Count > 0)
        {
            app.UseForwardedHeaders(trusted);
        }

        app.Use((context, next) =>
        {
            if (context.Connection.RemoteIpAddress is { } caller)
            {
                context.Request.Headers[ForwardedHeadersDefaults.XForwardedForHeaderName] = caller.ToString();
            }
            else
            {
                context.Request.Headers.Remove(ForwardedHeadersDefaults.XForwardedForHeaderName);
            }

            return next(context);
        });
    }

    /// <exception cref="InvalidOperationException">An entry is neither an address nor a network.</exception>
    public static ForwardedHeadersOptions TrustedProxies(IConfiguration configuration)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = null };

        // The defaults trust loopback; here only what is configured is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        var setting = configuration.GetSection(TrustedProxiesSetting);
        var entries = setting.Value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? setting.Get<string[]>() ?? [];
        foreach (var entry in entries)
        {
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException(
                    $"{TrustedProxiesSetting} holds '{entry}', which is neither an IP address nor a network (such as 10.0.0.0/8).");
            }
        }

        return options;
    }
}
