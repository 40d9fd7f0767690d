using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Pseudonymization;

/// <summary>HMAC-SHA256 pseudonyms under per-domain keys derived from the pseudonym root secret.</summary>
internal sealed class Pseudonymizer(IRootSecretProvider secrets) : IPseudonymizer
{
    private const int MaxStackBytes = 768;
    private readonly ConcurrentDictionary<string, HmacKey> _keys = new(StringComparer.Ordinal);

    public string Pseudonymize(string value, string domain)
    {
        ArgumentNullException.ThrowIfNull(value);
        return string.Create(Pseudonym.Length, (value, domain, this), static (chars, state) =>
            state.Item3.TryPseudonymize(state.value, state.domain, chars, out _));
    }

    public bool TryPseudonymize(ReadOnlySpan<char> value, string domain, Span<char> destination, out int charsWritten)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        charsWritten = 0;
        if (destination.Length < Pseudonym.Length)
        {
            return false;
        }

        var root = secrets.GetCurrent(RootSecretKind.Pseudonym);
        var key = KeyFor(root, domain);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var bytes = maxBytes <= MaxStackBytes ? stackalloc byte[maxBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        var count = 0;
        try
        {
            count = Encoding.UTF8.GetBytes(value, bytes);
            Span<byte> hash = stackalloc byte[32];
            key.Compute(bytes[..count], hash);
            Pseudonym.Prefix.CopyTo(destination);
            root.Id.TryFormat(destination[4..], out _, "x8", CultureInfo.InvariantCulture);
            destination[12] = '.';
            Base64Url.EncodeToChars(hash[..Pseudonym.HashBytes], destination[13..]);
            CryptographicOperations.ZeroMemory(hash);
            charsWritten = Pseudonym.Length;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes[..count]);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public string PseudonymizeIpAddress(IPAddress address, string domain)
    {
        var normalized = IpAddressAnonymizer.Normalize(address);
        return string.Create(Pseudonym.Length, (normalized, domain, this), static (chars, state) =>
        {
            Span<char> ip = stackalloc char[64];
            state.normalized.TryFormat(ip, out var n);
            state.Item3.TryPseudonymize(ip[..n], state.domain, chars, out _);
        });
    }

    private HmacKey KeyFor(RootSecret root, string domain)
    {
        if (_keys.TryGetValue(domain, out var cached) && ReferenceEquals(cached.Root, root) && !cached.IsDisposed)
        {
            return cached;
        }

        var key = new HmacKey(root, Encoding.UTF8.GetBytes("HrPlus.Privacy/pseudonym/v1\0" + domain));
        _keys[domain] = key;
        return key;
    }
}
