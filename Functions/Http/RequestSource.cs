using Microsoft.AspNetCore.Http;

namespace RecordingFunctions.Http;

/// <summary>
/// The caller's address as far as it can be told: the last X-Forwarded-For entry, which Azure's front end adds for
/// the connection it accepted, else the connection's peer. Earlier entries come from the caller and could be anything,
/// so they never decide whose sign-in attempts are counted.
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
