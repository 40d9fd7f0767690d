using System.Net;
using System.Net.Sockets;

namespace HrPlus.Privacy.Pseudonymization;

/// <summary>Normalizes and truncates IP addresses so they stop pointing at one device.</summary>
public static class IpAddressAnonymizer
{
    /// <summary>
    /// Puts an address into one canonical form: an IPv4-mapped IPv6 address (<c>::ffff:192.0.2.1</c>) becomes the
    /// IPv4 address, and an IPv6 scope (zone) id is dropped.
    /// </summary>
    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            return new IPAddress(bytes);
        }

        return address;
    }

    /// <summary>
    /// Normalizes, then keeps the network part only: the first 24 bits of an IPv4 address (<c>192.0.2.0</c>) and the
    /// first 48 bits of an IPv6 address (<c>2001:db8:85a3::</c>).
    /// </summary>
    public static IPAddress Truncate(IPAddress address)
    {
        var normalized = Normalize(address);
        Span<byte> bytes = stackalloc byte[16];
        normalized.TryWriteBytes(bytes, out var length);
        var keep = normalized.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
        bytes[keep..length].Clear();
        return new IPAddress(bytes[..length]);
    }
}
