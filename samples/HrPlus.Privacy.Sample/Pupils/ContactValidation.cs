using System.Net.Mail;

namespace HrPlus.Privacy.Sample.Pupils;

/// <summary>Light checks of the parent's contacts before they are encrypted; the SDK normalizes them again for search.</summary>
public static class ContactValidation
{
    /// <summary>Normalizes a Kazakhstan phone number (8 701 …, +7 (701) …, 701…) to E.164, or returns null.</summary>
    public static string? NormalizePhone(string value)
    {
        Span<char> digits = stackalloc char[16];
        var count = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    return null;
                }

                digits[count++] = c;
            }
            else if (c is not (' ' or '-' or '(' or ')' or '+'))
            {
                return null;
            }
        }

        ReadOnlySpan<char> national = count switch
        {
            11 when digits[0] is '7' or '8' => digits[1..11],
            10 => digits[..10],
            _ => default,
        };
        return national.Length == 10 && national[0] is '7' or '6' ? "+7" + national.ToString() : null;
    }

    /// <summary>Gets whether <paramref name="value"/> looks like a deliverable e-mail address.</summary>
    public static bool IsEmail(string value) =>
        value.Length <= 254
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.Host.Contains('.', StringComparison.Ordinal);
}
