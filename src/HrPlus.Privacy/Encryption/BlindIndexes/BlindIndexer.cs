using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace HrPlus.Privacy.Encryption;

/// <summary>HMAC-SHA256 blind indexes under per-index keys derived from the blind-index root secret.</summary>
internal sealed class BlindIndexer(IRootSecretProvider secrets) : IBlindIndexer
{
    private const int MaxStackChars = 256;
    private const string InvalidMessage = "The value is not valid for the blind index's normalization.";

    public string Compute(BlindIndex index, string value)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> output = stackalloc byte[32];
        if (!TryCompute(index, value, output, out var written))
        {
            throw new FormatException(InvalidMessage);
        }

        return Base64Url.EncodeToString(output[..written]);
    }

    public bool TryCompute(BlindIndex index, ReadOnlySpan<char> value, Span<byte> destination, out int bytesWritten) =>
        TryCompute(index, value, destination, out bytesWritten, secrets.GetCurrent(RootSecretKind.BlindIndex));

    /// <summary>Computes the index of <paramref name="value"/> as text under <paramref name="root"/>.</summary>
    internal static string Compute(BlindIndex index, string value, RootSecret root)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> output = stackalloc byte[32];
        if (!TryCompute(index, value, output, out var written, root))
        {
            throw new FormatException(InvalidMessage);
        }

        return Base64Url.EncodeToString(output[..written]);
    }

    internal static bool TryCompute(BlindIndex index, ReadOnlySpan<char> value, Span<byte> destination, out int bytesWritten, RootSecret root)
    {
        ArgumentNullException.ThrowIfNull(index);
        bytesWritten = 0;
        if (destination.Length < index.Bytes)
        {
            throw new ArgumentException($"The destination must hold at least {index.Bytes} bytes.", nameof(destination));
        }

        var maxChars = ValueNormalizer.MaxLength(value.Length);
        char[]? rentedChars = null;
        var chars = maxChars <= MaxStackChars ? stackalloc char[maxChars] : (rentedChars = ArrayPool<char>.Shared.Rent(maxChars));
        byte[]? rentedBytes = null;
        var maxBytes = Encoding.UTF8.GetMaxByteCount(maxChars);
        var bytes = maxBytes <= MaxStackChars * 3 ? stackalloc byte[maxBytes] : (rentedBytes = ArrayPool<byte>.Shared.Rent(maxBytes));
        var byteCount = 0;
        var charCount = 0;
        try
        {
            if (!ValueNormalizer.TryNormalize(index.Normalization, value, chars, out charCount))
            {
                return false;
            }

            byteCount = Encoding.UTF8.GetBytes(chars[..charCount], bytes);
            Span<byte> hash = stackalloc byte[32];
            index.KeyFor(root).Compute(bytes[..byteCount], hash);
            hash[..index.Bytes].CopyTo(destination);
            var spareBits = (index.Bytes * 8) - index.Bits;
            destination[index.Bytes - 1] &= (byte)(0xFF << spareBits);
            CryptographicOperations.ZeroMemory(hash);
            bytesWritten = index.Bytes;
            return true;
        }
        finally
        {
            // The buffers held the normalized personal value.
            chars[..charCount].Clear();
            CryptographicOperations.ZeroMemory(bytes[..byteCount]);
            if (rentedChars is not null)
            {
                ArrayPool<char>.Shared.Return(rentedChars);
            }

            if (rentedBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }
        }
    }
}
