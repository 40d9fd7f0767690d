using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.Encryption;

/// <summary>Puts values into the canonical form of a <see cref="BlindIndexNormalization"/>. Never throws for bad input.</summary>
internal static class ValueNormalizer
{
    /// <summary>Gets the most characters a normalized value can have for an input of <paramref name="length"/> characters.</summary>
    public static int MaxLength(int length) => length + 2;

    /// <summary>Normalizes into <paramref name="destination"/> (at least <see cref="MaxLength"/> characters).</summary>
    public static bool TryNormalize(BlindIndexNormalization kind, ReadOnlySpan<char> value, Span<char> destination, out int written) => kind switch
    {
        BlindIndexNormalization.Exact => Copy(value, destination, out written),
        BlindIndexNormalization.Iin => TryIin(value, destination, out written),
        BlindIndexNormalization.Phone => TryPhone(value, destination, out written),
        BlindIndexNormalization.Email => TryEmail(value, destination, out written),
        BlindIndexNormalization.FullName => TryFullName(value, destination, out written),
        _ => Fail(out written),
    };

    private static bool Copy(ReadOnlySpan<char> value, Span<char> destination, out int written)
    {
        value.CopyTo(destination);
        written = value.Length;
        return true;
    }

    private static bool Fail(out int written)
    {
        written = 0;
        return false;
    }

    private static bool TryIin(ReadOnlySpan<char> value, Span<char> destination, out int written)
    {
        written = 0;
        foreach (var c in value)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c) || written == Iin.Length)
            {
                return Fail(out written);
            }

            destination[written++] = c;
        }

        return Iin.TryParse(destination[..written], out _) || Fail(out written);
    }

    private static bool TryPhone(ReadOnlySpan<char> value, Span<char> destination, out int written)
    {
        // Collect the digits; allow the separators people write, nothing else.
        Span<char> digits = stackalloc char[11];
        var count = 0;
        var trimmed = value.Trim();
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    return Fail(out written);
                }

                digits[count++] = c;
            }
            else if (!(c is ' ' or '-' or '(' or ')' or '.' || (c == '+' && i == 0)))
            {
                return Fail(out written);
            }
        }

        // With a leading "+" the 7 is the country code; without one, 8 is the trunk prefix and a bare 10-digit
        // number is national. Kazakhstan numbers (+7 7xx) start with 7 after the country code.
        var international = trimmed.StartsWith('+');
        ReadOnlySpan<char> national = count switch
        {
            11 when digits[0] == '7' || (digits[0] == '8' && !international) => digits[1..11],
            10 when !international => digits[..10],
            _ => [],
        };
        if (national.IsEmpty || national[0] != '7')
        {
            return Fail(out written);
        }

        destination[0] = '+';
        destination[1] = '7';
        national.CopyTo(destination[2..]);
        written = 12;
        return true;
    }

    private static bool TryEmail(ReadOnlySpan<char> value, Span<char> destination, out int written)
    {
        var trimmed = value.Trim();
        var at = trimmed.IndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1 || trimmed[(at + 1)..].Contains('@'))
        {
            return Fail(out written);
        }

        foreach (var c in trimmed)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return Fail(out written);
            }
        }

        written = trimmed.ToLowerInvariant(destination);
        return written == trimmed.Length;
    }

    private static bool TryFullName(ReadOnlySpan<char> value, Span<char> destination, out int written)
    {
        written = 0;
        foreach (var c in value)
        {
            if (char.IsControl(c) && !char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        // Precomposed input (the usual case, Kazakh letters included) needs no NFC pass and no allocation.
        ReadOnlySpan<char> source = value;
        if (NeedsComposition(value))
        {
            source = value.ToString().Normalize(System.Text.NormalizationForm.FormC);
            if (source.Length > destination.Length)
            {
                return false;
            }
        }

        var pendingSpace = false;
        foreach (var c in source)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = written > 0;
                continue;
            }

            if (pendingSpace)
            {
                destination[written++] = ' ';
                pendingSpace = false;
            }

            destination[written++] = char.ToLowerInvariant(c);
        }

        return written > 0;
    }

    private static bool NeedsComposition(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            // Combining diacritical marks (general and Cyrillic), and anything outside the BMP letters we expect.
            if (c is (>= '\u0300' and <= '\u036F') or (>= '\u0483' and <= '\u0489') or (>= '\u1DC0' and <= '\u1DFF') or (>= '\u20D0' and <= '\u20FF') or (>= '\uFE20' and <= '\uFE2F'))
            {
                return true;
            }
        }

        return false;
    }
}
