using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace HrPlus.Privacy.AspNetCore.Cookies;

/// <summary>
/// Reads the request's <c>Cookie</c> header without building <see cref="HttpRequest.Cookies"/>: the capture needs the
/// names only and the gate one value, so the values of every other cookie are never turned into strings.
/// </summary>
/// <remarks>
/// Pairs are separated by <c>;</c> (RFC 6265 section 5.4). A piece without <c>=</c> is a value without a name (what a
/// browser sends for a cookie set with an empty name), so it is never reported as a name.
/// </remarks>
internal static class CookieHeader
{
    /// <summary>Gets the (unquoted, percent-decoded) value of the first cookie called <paramref name="name"/>, or null.</summary>
    public static string? FindValue(StringValues headers, string name)
    {
        foreach (var header in headers)
        {
            var rest = (header ?? string.Empty).AsSpan();
            while (Next(ref rest, out var pairName, out var value))
            {
                if (pairName.SequenceEqual(name))
                {
                    if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                    {
                        value = value[1..^1];
                    }

                    return value.Contains('%') ? Uri.UnescapeDataString(value.ToString()) : value.ToString();
                }
            }
        }

        return null;
    }

    /// <summary>Gets the distinct cookie names, control characters escaped, each cut to <paramref name="maxNameLength"/>, at most <paramref name="max"/> of them, sorted.</summary>
    public static string[] Names(StringValues headers, int max, int maxNameLength)
    {
        if (max <= 0 || headers.Count == 0)
        {
            return [];
        }

        List<string>? names = null;
        foreach (var header in headers)
        {
            var rest = (header ?? string.Empty).AsSpan();
            while (names?.Count < max || names is null)
            {
                if (!Next(ref rest, out var pairName, out _))
                {
                    break;
                }

                if (pairName.IsEmpty)
                {
                    continue;
                }

                var safe = SafeText.EscapeAndTruncate(pairName.ToString(), maxNameLength);
                names ??= [];
                if (safe is { Length: > 0 } && !names.Contains(safe))
                {
                    names.Add(safe);
                }
            }
        }

        if (names is null)
        {
            return [];
        }

        names.Sort(StringComparer.Ordinal);
        return [.. names];
    }

    // Takes the next "name=value" pair off the front of rest; pieces without '=' are skipped.
    private static bool Next(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> name, out ReadOnlySpan<char> value)
    {
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf(';');
            var piece = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            var equals = piece.IndexOf('=');
            if (equals < 0)
            {
                continue;
            }

            name = piece[..equals].Trim(' ');
            value = piece[(equals + 1)..].Trim(' ');
            return true;
        }

        name = default;
        value = default;
        return false;
    }
}
