using System.Text;
using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.AspNetCore.Capture;

/// <summary>
/// Keeps IINs, e-mail addresses and phone numbers out of the access log: a path segment that holds one is replaced by
/// <c>{iin}</c>, <c>{number}</c>, <c>{email}</c> or <c>{phone}</c>, so <c>/pupils/by-iin/900101300017</c> is stored as
/// <c>/pupils/by-iin/{iin}</c>; in free text (a user agent) only the value itself is replaced. Every run of 12 digits
/// is masked, whatever joins its digits (<c>900101_300017</c>, <c>900101/300017</c>) and whatever its check digit
/// (see <see cref="PersonalDataScrubber"/>).
/// </summary>
internal static class PersonalDataMasking
{
    /// <summary>
    /// The path with every segment that holds personal data (also when percent-encoded) replaced by its mask; a path that
    /// holds some is stored percent-decoded.
    /// </summary>
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

    /// <summary>Free text with every run of 12 digits (any separator, any check digit), e-mail address and phone number replaced by its mask.</summary>
    public static string Text(string text) => PersonalDataScrubber.Scrub(text);

    /// <summary>Whether a route value (percent-decoded as a path is) holds what <see cref="Text"/> masks.</summary>
    public static bool IsPersonal(string value) => PersonalDataScrubber.Contains(Decoded(value));

    private static string Segments(string path, bool dropParameters)
    {
        if (dropParameters && path.Contains(';'))
        {
            path = WithoutParameters(path);
        }

        // Most paths hold no digit run or '@' worth a look: keep them as they are.
        var decoded = Decoded(path);
        if (!PersonalDataScrubber.Contains(decoded))
        {
            return path;
        }

        // Masked as one text, so a run split by '/' ("900101/300017") is found; then a segment that holds a mask is kept
        // as its mask only ("IIN900101300017" and "100412500014.json" say nothing once the number is gone).
        var scrubbed = PersonalDataScrubber.Scrub(decoded);
        var result = new StringBuilder(scrubbed.Length);
        var first = true;
        foreach (var range in scrubbed.AsSpan().Split('/'))
        {
            if (!first)
            {
                result.Append('/');
            }

            first = false;
            var segment = scrubbed.AsSpan(range);
            result.Append(MaskIn(segment) is { } mask ? mask : segment);
        }

        return result.ToString();
    }

    private static string? MaskIn(ReadOnlySpan<char> segment)
    {
        foreach (var mask in Masks)
        {
            if (segment.Contains(mask, StringComparison.Ordinal))
            {
                return mask;
            }
        }

        return null;
    }

    private static readonly string[] Masks = [PersonalDataFinder.IinMask, PersonalDataScrubber.NumberMask, PersonalDataFinder.EmailMask, PersonalDataFinder.PhoneMask];

    private static string WithoutParameters(string path)
    {
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
            result.Append(segment.IndexOf(';') is var semicolon and >= 0 ? segment[..semicolon] : segment);
        }

        return result.ToString();
    }

    // Percent-decoded for the search ("%39%30…" is the same IIN, "%2F" the same separator), up to three times over for a
    // value encoded twice or more; a malformed escape is searched as it is.
    private static string Decoded(string text)
    {
        for (var i = 0; i < 3 && text.Contains('%'); i++)
        {
            string decoded;
            try
            {
                decoded = Uri.UnescapeDataString(text);
            }
            catch (UriFormatException)
            {
                return text;
            }

            if (decoded == text)
            {
                break;
            }

            text = decoded;
        }

        return text;
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
