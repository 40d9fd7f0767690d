using System.Text;
using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.AspNetCore.Capture;

/// <summary>
/// Keeps IINs, e-mail addresses and phone numbers out of the access log: a path segment that holds one is replaced by
/// <c>{iin}</c>, <c>{email}</c> or <c>{phone}</c>, so <c>/pupils/by-iin/900101300017</c> is stored as
/// <c>/pupils/by-iin/{iin}</c>; in free text (a user agent) only the value itself is replaced.
/// </summary>
internal static class PersonalDataMasking
{
    /// <summary>The path with every segment that holds personal data (also when percent-encoded) replaced by its mask.</summary>
    public static string Path(string path) => Segments(path, dropParameters: false);

    /// <summary>
    /// A referer as the access log keeps it: no query or fragment, no user information (<c>user:password@</c>, also in a
    /// scheme-less <c>//user:password@host</c>), no path parameters (<c>;jsessionid=…</c>), and segments that hold
    /// personal data masked. Null for an empty one.
    /// </summary>
    public static string? Referer(string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var span = value.AsSpan();
        var cut = span.IndexOfAny('?', '#');
        if (cut >= 0)
        {
            span = span[..cut];
        }

        var scheme = span.IndexOf("://", StringComparison.Ordinal);
        var authorityStart = scheme > 0 && IsScheme(span[..scheme]) ? scheme + 3 : span.StartsWith("//") ? 2 : -1;
        if (authorityStart < 0)
        {
            return Segments(span.ToString(), dropParameters: true);
        }

        var rest = span[authorityStart..];
        var authorityLength = rest.IndexOf('/');
        var authority = authorityLength < 0 ? rest : rest[..authorityLength];
        var path = authorityLength < 0 ? [] : rest[authorityLength..];
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority[(at + 1)..];
        }

        var host = Text(authority.ToString());
        return string.Concat(span[..authorityStart], host, Segments(path.ToString(), dropParameters: true));
    }

    /// <summary>Free text with each IIN, e-mail address and phone number replaced by its mask.</summary>
    public static string Text(string text) => PersonalDataFinder.Mask(text);

    private static string Segments(string path, bool dropParameters)
    {
        // Most paths hold no digit run or '@' worth a look, and no path parameter: keep them as they are.
        if (!PersonalDataFinder.Contains(Decoded(path)) && !(dropParameters && path.Contains(';')))
        {
            return path;
        }

        var result = new StringBuilder(path.Length);
        var first = true;
        foreach (var range in path.AsSpan().Split('/'))
        {
            if (!first)
            {
                result.Append('/');
            }

            first = false;
            var segment = path.AsSpan(range);
            if (dropParameters && segment.IndexOf(';') is var semicolon and >= 0)
            {
                segment = segment[..semicolon];
            }

            var text = segment.ToString();
            var kind = PersonalDataFinder.Find(Decoded(text), 0, out _, out _);
            result.Append(kind == PersonalDataKind.None ? text : PersonalDataFinder.MaskOf(kind));
        }

        return result.ToString();
    }

    // Percent-decoded for the search only ("%39%30…" is the same IIN); a malformed escape is searched as it is.
    private static string Decoded(string text)
    {
        if (!text.Contains('%'))
        {
            return text;
        }

        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '-' and not '.')
            {
                return false;
            }
        }

        return char.IsAsciiLetter(scheme[0]);
    }
}
