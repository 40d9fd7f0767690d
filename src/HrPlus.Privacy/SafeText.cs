using System.Buffers;
using System.Text;

namespace HrPlus.Privacy;

/// <summary>Makes outside text (user agents, referers) safe to store and show: control characters escaped, length capped.</summary>
internal static class SafeText
{
    // The characters escaped besides surrogates: C0 and C1 controls, DEL and the escape character itself.
    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c), '\\']);

    /// <summary>
    /// Escapes control characters and lone surrogates as <c>\uXXXX</c> and cuts the result to at most
    /// <paramref name="maxLength"/> characters without splitting an escape or a surrogate pair. Null stays null.
    /// </summary>
    public static string? EscapeAndTruncate(string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        // Almost every value is clean and short enough: two vectorized scans decide that without touching each char.
        if (value.Length <= maxLength && value.AsSpan().IndexOfAny(Escaped) < 0 && value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return value;
        }

        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            var unsafeChar = !pair && (char.IsControl(c) || char.IsSurrogate(c) || c == '\\');
            if (builder is null && !unsafeChar && (pair ? i + 2 : i + 1) <= maxLength)
            {
                if (pair)
                {
                    i++;
                }

                continue;
            }

            builder ??= new StringBuilder(value, 0, i, Math.Min(maxLength, value.Length + 16));
            var piece = pair ? value.Substring(i, 2) : unsafeChar ? (c == '\\' ? "\\\\" : $"\\u{(int)c:x4}") : c.ToString();
            if (builder.Length + piece.Length > maxLength)
            {
                break;
            }

            builder.Append(piece);
            if (pair)
            {
                i++;
            }
        }

        return builder?.ToString() ?? value;
    }
}
