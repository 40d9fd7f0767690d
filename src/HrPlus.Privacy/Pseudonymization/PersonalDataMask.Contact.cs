using System.Globalization;
using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Pseudonymization;

public static partial class PersonalDataMask
{
    /// <summary>
    /// Masks a Kazakhstan phone number, written in any usual form, as <c>+7 701 *** ** 67</c>: the country code,
    /// the 3-digit operator or area code and the last two digits are kept.
    /// </summary>
    /// <returns>The mask, or <see cref="FullMask"/> for anything that is not an 11-digit +7 number.</returns>
    public static string Phone(string? value)
    {
        if (IsMaskedPhone(value))
        {
            // Masking is idempotent: a log pipeline may apply a redactor to its own output.
            return value!;
        }

        Span<char> e164 = stackalloc char[14];
        if (value is null || value.Length > 64 || !ValueNormalizer.TryNormalize(BlindIndexNormalization.Phone, value, e164, out var length) || length != 12)
        {
            return FullMask;
        }

        // e164 = "+7" + 10 digits.
        return string.Create(16, e164[..12].ToString(), static (chars, n) =>
        {
            "+7 ".CopyTo(chars);
            n.AsSpan(2, 3).CopyTo(chars[3..]);
            " *** ** ".CopyTo(chars[6..]);
            n.AsSpan(10, 2).CopyTo(chars[14..]);
        });
    }

    /// <summary>
    /// Masks an e-mail address as <c>a***@mail.kz</c>: the first character of the local part and the domain are
    /// kept; the rest of the local part becomes three asterisks whatever its length.
    /// </summary>
    /// <returns>
    /// The mask, or <see cref="FullMask"/> for anything that is not one address with one <c>@</c> and a domain without
    /// a colon (address literals such as <c>[IPv6:…]</c> are fully masked).
    /// </returns>
    public static string Email(string? value)
    {
        var trimmed = value.AsSpan().Trim();
        var at = trimmed.IndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1 || trimmed.Length > 320 || trimmed[(at + 1)..].ContainsAny('@', ':') || HasSpaceOrControl(trimmed))
        {
            return FullMask;
        }

        var first = StringInfo.GetNextTextElementLength(trimmed);
        if (first >= at)
        {
            // A one-character local part: showing it would show all of it.
            return string.Concat("***", trimmed[at..]);
        }

        return string.Concat(trimmed[..first], "***", trimmed[at..]);
    }

    /// <summary>Masks a name as <c>Әлихан Б.</c>: the given name and the first letter of the surname.</summary>
    /// <returns>The mask, or <see cref="FullMask"/> when either part is empty or has control characters.</returns>
    public static string FullName(string? givenName, string? surname)
    {
        var given = CollapseSpaces(givenName);
        var family = CollapseSpaces(surname);
        if (given is null || family is null)
        {
            return FullMask;
        }

        var initial = family[..StringInfo.GetNextTextElementLength(family)];
        return $"{given} {initial}.";
    }

    /// <summary>
    /// Masks a full name written in the official order <c>Surname GivenName [Patronymic]</c> (as on Kazakh and
    /// Russian documents) as <c>GivenName S.</c>; the patronymic is dropped.
    /// </summary>
    /// <returns>The mask, or <see cref="FullMask"/> when the value has fewer than two words or control characters.</returns>
    public static string FullName(string? fullName)
    {
        var collapsed = CollapseSpaces(fullName);
        if (collapsed is null)
        {
            return FullMask;
        }

        var parts = collapsed.Split(' ');
        if (parts.Length == 2 && parts[1].EndsWith('.') && StringInfo.GetNextTextElementLength(parts[1]) == parts[1].Length - 1)
        {
            // Already masked ("Әлихан Б."): masking is idempotent.
            return collapsed;
        }

        return parts.Length < 2 ? FullMask : FullName(parts[1], parts[0]);
    }

    private static bool IsMaskedPhone(string? value) =>
        value is { Length: 16 }
        && value.StartsWith("+7 ", StringComparison.Ordinal)
        && char.IsAsciiDigit(value[3]) && char.IsAsciiDigit(value[4]) && char.IsAsciiDigit(value[5])
        && value.AsSpan(6, 8).SequenceEqual(" *** ** ")
        && char.IsAsciiDigit(value[14]) && char.IsAsciiDigit(value[15]);

    private static bool HasSpaceOrControl(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return true;
            }
        }

        return HasLoneSurrogate(value);
    }

    private static string? CollapseSpaces(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 512)
        {
            return null;
        }

        var words = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words)
        {
            foreach (var c in word)
            {
                if (char.IsControl(c))
                {
                    return null;
                }
            }

            if (HasLoneSurrogate(word))
            {
                return null;
            }
        }

        return string.Join(' ', words);
    }

    private static bool HasLoneSurrogate(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
