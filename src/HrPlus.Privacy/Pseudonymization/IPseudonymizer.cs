using System.Net;

namespace HrPlus.Privacy.Pseudonymization;

/// <summary>
/// Replaces personal values with stable keyed pseudonyms (HMAC-SHA256), separate per domain, so statistics and
/// logs can count and correlate without identifying anyone.
/// </summary>
/// <remarks>
/// <para>Format: <c>ps1.</c> + the key id as 8 hex digits + <c>.</c> + 128 bits in base64url —
/// <see cref="Pseudonym.Length"/> characters, e.g. <c>ps1.0a0b0c0d.K3m…</c>. The key id lets the key rotate: a
/// pseudonym tells which key made it.</para>
/// <para>The same value gives the same pseudonym within one domain and key, and unrelated pseudonyms in two
/// domains (the "analytics" pseudonym of an IIN cannot be joined with its "access-log" pseudonym). The keys are
/// derived per domain from a root secret that is separate from every encryption and blind-index key.</para>
/// <para>Values are used as given (ordinal, UTF-8): normalize them first where several written forms exist.</para>
/// </remarks>
public interface IPseudonymizer
{
    /// <summary>Gets the pseudonym of <paramref name="value"/> in <paramref name="domain"/>.</summary>
    string Pseudonymize(string value, string domain);

    /// <summary>Writes the pseudonym into <paramref name="destination"/> without allocating.</summary>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is shorter than <see cref="Pseudonym.Length"/>.</returns>
    bool TryPseudonymize(ReadOnlySpan<char> value, string domain, Span<char> destination, out int charsWritten);

    /// <summary>
    /// Gets the pseudonym of an IP address after normalizing it (IPv4-mapped IPv6 to IPv4, scope ids dropped),
    /// so <c>192.0.2.1</c> and <c>::ffff:192.0.2.1</c> give one pseudonym.
    /// </summary>
    string PseudonymizeIpAddress(IPAddress address, string domain);
}
