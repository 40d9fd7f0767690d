using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// Puts released rows in an order that says nothing about the input order: a Fisher–Yates shuffle driven by the
/// operating system's cryptographic random number generator.
/// </summary>
/// <remarks>
/// A recipient who holds the input's order (a class roster sorted by name) could otherwise match row i of the release to
/// person i. The random words are drawn in one call (8 bytes per row), and each index is taken as the high 64 bits of
/// word × (i + 1) (Lemire's multiply-shift): the bias is below (i + 1) / 2^64, under 2^-40 for any dataset that fits in
/// memory, so every order is as likely as every other to far better than any test could tell.
/// </remarks>
internal static class ReleaseOrder
{
    public static void Shuffle<T>(Span<T> items)
    {
        if (items.Length < 2)
        {
            return;
        }

        var words = new ulong[items.Length];
        RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(words.AsSpan()));
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = (int)Math.BigMul(words[i], (ulong)(i + 1), out _);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
