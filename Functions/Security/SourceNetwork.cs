using System.Net;
using System.Net.Sockets;

namespace RecordingFunctions.Security;

/// <summary>
/// What a caller's address stands for when requests are counted per source: an IPv4 address itself (a clinic's NAT
/// is one address), an IPv6 address's /64, the prefix one site or subscriber gets and within which a host picks
/// addresses freely. Anything that is not an address (<c>unknown</c>) stands for itself.
/// </summary>
public static class SourceNetwork
{
    public static string Of(string source)
    {
        if (!IPAddress.TryParse(source, out var address))
        {
            return source;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
