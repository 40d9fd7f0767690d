using System.Buffers;
using System.Globalization;
using System.Text;

namespace HrPlus.Privacy;

/// <summary>
/// Makes outside text (user agents, referers) safe to store and show: control characters, invisible format characters
/// (bidi overrides such as U+202E, zero-width spaces and joiners, tags) and line separators escaped, length capped.
/// </summary>
internal static class SafeText
{
    // The characters escaped besides surrogates: C0 and C1 controls, DEL, format characters (Cf: bidi controls,
    // zero-width characters, the BOM), line and paragraph separators, and the escape character itself. A log viewer
    // shows these as nothing or reorders the text around them, so a stored value could read differently from what it is.
    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        [.. Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(c => !char.IsSurrogate(c) && IsUnsafe(c)), '\\']);

    /// <summary>
    /// Escapes control and format characters and lone surrogates as <c>\uXXXX</c> and cuts the result to at most
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

            // A pair is kept unless it is a format character of the upper planes (the tag characters U+E0001..U+E007F).
            var unsafePair = pair && IsUnsafe(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, value[i + 1])));
            var unsafeChar = !pair && (Escaped.Contains(c) || char.IsSurrogate(c));
            if (builder is null && !unsafeChar && !unsafePair && (pair ? i + 2 : i + 1) <= maxLength)
            {
                if (pair)
                {
                    i++;
                }

                continue;
            }

            builder ??= new StringBuilder(value, 0, i, Math.Min(maxLength, value.Length + 16));
            var piece = unsafePair ? $"\\u{(int)c:x4}\\u{(int)value[i + 1]:x4}"
                : pair ? value.Substring(i, 2)
                : unsafeChar ? (c == '\\' ? "\\\\" : $"\\u{(int)c:x4}")
                : c.ToString();
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

    private static bool IsUnsafe(char c) => IsUnsafe(char.GetUnicodeCategory(c));

    private static bool IsUnsafe(UnicodeCategory category) =>
        category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
