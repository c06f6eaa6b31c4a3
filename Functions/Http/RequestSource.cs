namespace RecordingFunctions.Http;

/// <summary>
/// The caller's address as far as it can be told: the last X-Forwarded-For entry, else the connection's peer.
/// Under the Functions host the worker's peer is the host, which sets X-Forwarded-For to the address of its own peer
/// and drops what the caller sent (YARP's default forwarding transform; measured with the host locally). The
/// development host writes the header the same way, from its peer or, behind the proxies it is told to trust
/// (<c>DevHost:TrustedProxies</c>), from the address they name. So a header the caller wrote never decides whose
/// sign-in attempts are counted; the last entry is read because a forwarder that appends rather than replaces puts
/// its own view of the caller there.
/// </summary>
public static class RequestSource
{
    public static string Of(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        var nearest = forwarded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return nearest is not null
            ? WithoutPort(nearest)
            : request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    private static string WithoutPort(string address)
    {
        if (address.StartsWith('['))
        {
            var end = address.IndexOf(']', StringComparison.Ordinal);
            return end > 0 ? address[1..end] : address;
        }

        return address.Count(c => c == ':') == 1 ? address[..address.IndexOf(':', StringComparison.Ordinal)] : address;
    }
}
