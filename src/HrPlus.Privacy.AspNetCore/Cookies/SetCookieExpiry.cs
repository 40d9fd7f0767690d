using Microsoft.Net.Http.Headers;

namespace HrPlus.Privacy.AspNetCore.Cookies;

/// <summary>
/// Reads whether a <c>Set-Cookie</c> header deletes its cookie, by its attributes as RFC 6265 section 5.2 parses them:
/// the name-value pair ends at the first <c>;</c> (so a value that reads <c>max-age=0</c> is a value), a valid
/// <c>Max-Age</c> wins over <c>Expires</c>, the last valid one of each counts, and an invalid one is ignored.
/// </summary>
internal static class SetCookieExpiry
{
    /// <summary>Whether <paramref name="header"/> deletes the cookie at <paramref name="now"/>: <c>Max-Age</c> of zero or less, or (without one) an <c>Expires</c> not after now.</summary>
    public static bool IsDeletion(ReadOnlySpan<char> header, DateTimeOffset now)
    {
        long? maxAge = null;
        DateTimeOffset? expires = null;
        var first = true;
        foreach (var range in header.Split(';'))
        {
            if (first)
            {
                // The name-value pair.
                first = false;
                continue;
            }

            var attribute = header[range];
            var equals = attribute.IndexOf('=');
            var name = (equals < 0 ? attribute : attribute[..equals]).Trim(" \t");
            var value = equals < 0 ? [] : attribute[(equals + 1)..].Trim(" \t");
            if (name.Equals("max-age", StringComparison.OrdinalIgnoreCase))
            {
                if (TryParseMaxAge(value, out var seconds))
                {
                    maxAge = seconds;
                }
            }
            else if (name.Equals("expires", StringComparison.OrdinalIgnoreCase)
                && HeaderUtilities.TryParseDate(new Microsoft.Extensions.Primitives.StringSegment(value.ToString()), out var date))
            {
                expires = date;
            }
        }

        return maxAge is { } age ? age <= 0 : expires is { } at && at <= now;
    }

    // RFC 6265 section 5.2.2: an optional '-' and digits, nothing else; a value too large for a long is far in the future.
    private static bool TryParseMaxAge(ReadOnlySpan<char> value, out long seconds)
    {
        seconds = 0;
        var digits = value.StartsWith('-') ? value[1..] : value;
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        if (value[0] == '-')
        {
            seconds = -1;
            return true;
        }

        seconds = long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : long.MaxValue;
        return true;
    }
}
