using System.Text;

namespace HrPlus.Privacy;

/// <summary>Makes outside text (user agents, referers) safe to store and show: control characters escaped, length capped.</summary>
internal static class SafeText
{
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
