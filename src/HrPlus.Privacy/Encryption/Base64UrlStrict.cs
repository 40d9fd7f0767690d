using System.Buffers;
using System.Buffers.Text;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Canonical base64url without padding: the platform decoder skips whitespace and ignores the unused low
/// bits of the last character, so one binary value would have several text forms. Ciphertext text must
/// have exactly one, so this rejects both before decoding.
/// </summary>
internal static class Base64UrlStrict
{
    private static readonly SearchValues<char> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public static bool TryDecode(ReadOnlySpan<char> source, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (source.Length % 4 == 1)
        {
            return false;
        }

        if (source.ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        // The last character of a 2- or 3-character tail carries 4 or 2 bits that encode nothing: they must be 0.
        var unusedBitsMask = (source.Length % 4) switch { 2 => 0b1111, 3 => 0b11, _ => 0 };
        if (unusedBitsMask != 0 && (ValueOf(source[^1]) & unusedBitsMask) != 0)
        {
            return false;
        }

        if (Base64Url.GetMaxDecodedLength(source.Length) > destination.Length)
        {
            return false;
        }

        var status = Base64Url.DecodeFromChars(source, destination, out var consumed, out bytesWritten);
        return status == OperationStatus.Done && consumed == source.Length;
    }

    private static int ValueOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        '_' => 63,
        _ => -1,
    };
}
