namespace HrPlus.Privacy.Identifiers;

/// <summary>
/// Finds IINs, e-mail addresses and phone numbers in outside text (URL paths, user agents, opaque ids), so they are
/// masked or refused before they are stored.
/// </summary>
/// <remarks>
/// A number is a run of digits in which groups may be joined by at most two of <c>' ' '-' '(' ')'</c> (so
/// <c>900101-300017</c> and <c>+7 (701) 123-45-67</c> are one number each); a dot does not join, so version numbers
/// in user agents stay apart. The run is an IIN when its digits, or one plain 12-digit group of it, parse as an
/// <see cref="Iin"/>. Letters around a number do not hide it: <c>IIN900101300017</c> holds an IIN.
/// </remarks>
internal static class PersonalDataFinder
{
    private const int MaxJoin = 2;
    private const int MaxDigits = 16;

    /// <summary>Whether <paramref name="text"/> holds a valid IIN anywhere (an e-mail or phone around it does not hide it).</summary>
    public static bool ContainsIin(ReadOnlySpan<char> text)
    {
        var from = 0;
        while (NextNumber(text, from, out var start, out var length, out var kind))
        {
            if (kind == PersonalDataKind.Iin)
            {
                return true;
            }

            from = start + length;
        }

        return false;
    }

    /// <summary>The mask that stands for an IIN in masked text.</summary>
    public const string IinMask = "{iin}";

    /// <summary>The mask that stands for an e-mail address in masked text.</summary>
    public const string EmailMask = "{email}";

    /// <summary>The mask that stands for a phone number in masked text.</summary>
    public const string PhoneMask = "{phone}";

    /// <summary>The mask of <paramref name="kind"/>: <c>{iin}</c>, <c>{email}</c> or <c>{phone}</c>.</summary>
    public static string MaskOf(PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Iin => IinMask,
        PersonalDataKind.Email => EmailMask,
        _ => PhoneMask,
    };

    /// <summary>Free text (a user agent) with each IIN, e-mail address and phone number replaced by its mask; null stays null.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Mask(string? text)
    {
        if (text is null)
        {
            return null;
        }

        System.Text.StringBuilder? masked = null;
        var copied = 0;
        var from = 0;
        while (from < text.Length && Find(text, from, out var start, out var length) is var kind && kind != PersonalDataKind.None)
        {
            masked ??= new System.Text.StringBuilder(text.Length);
            masked.Append(text, copied, start - copied).Append(MaskOf(kind));
            copied = from = start + length;
        }

        return masked is null ? text : masked.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Whether <paramref name="text"/> holds anything this finder finds.</summary>
    public static bool Contains(ReadOnlySpan<char> text) => Find(text, 0, out _, out _) != PersonalDataKind.None;

    /// <summary>
    /// Finds the first IIN, e-mail address or phone number at or after <paramref name="from"/>; where two overlap, the
    /// one that starts first (or, starting together, the longer) is reported.
    /// </summary>
    public static PersonalDataKind Find(ReadOnlySpan<char> text, int from, out int start, out int length)
    {
        start = 0;
        length = 0;
        var rest = text[from..];

        // Almost every value has neither a digit nor an '@': two vectorized scans decide that.
        if (rest.IndexOfAnyInRange('0', '9') < 0 && !rest.Contains('@'))
        {
            return PersonalDataKind.None;
        }

        var number = NextNumber(text, from, out var numberStart, out var numberLength, out var numberKind);
        while (number && numberKind == PersonalDataKind.None)
        {
            number = NextNumber(text, numberStart + numberLength, out numberStart, out numberLength, out numberKind);
        }

        var email = NextEmail(text, from, out var emailStart, out var emailLength);
        if (email && (!number || emailStart < numberStart || (emailStart == numberStart && emailLength >= numberLength)))
        {
            (start, length) = (emailStart, emailLength);
            return PersonalDataKind.Email;
        }

        if (number)
        {
            (start, length) = (numberStart, numberLength);
            return numberKind;
        }

        return PersonalDataKind.None;
    }

    // The next number run at or after from; kind None when it is neither an IIN nor a phone number.
    private static bool NextNumber(ReadOnlySpan<char> text, int from, out int start, out int length, out PersonalDataKind kind)
    {
        start = length = 0;
        kind = PersonalDataKind.None;
        var first = text[from..].IndexOfAnyInRange('0', '9');
        if (first < 0)
        {
            return false;
        }

        first += from;
        start = first;
        var international = false;
        if (first > from && text[first - 1] == '+')
        {
            start = first - 1;
            international = true;
        }
        else if (first > from && text[first - 1] == '(')
        {
            start = first - 1;
            international = first - 1 > from && text[first - 2] == '+';
            start = international ? first - 2 : start;
        }

        Span<char> digits = stackalloc char[MaxDigits];
        var count = 0;
        var plainIin = false;
        var i = first;
        var end = first;
        while (true)
        {
            var group = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                if (count < MaxDigits)
                {
                    digits[count] = text[i];
                }

                count++;
                i++;
            }

            plainIin |= i - group == Iin.Length && Iin.TryParse(text[group..i], out _);
            end = i;

            // Join the next group when at most MaxJoin separators stand between.
            var j = i;
            while (j < text.Length && j - i < MaxJoin && text[j] is ' ' or '-' or '(' or ')')
            {
                j++;
            }

            if (j == i || j >= text.Length || !char.IsAsciiDigit(text[j]))
            {
                break;
            }

            i = j;
        }

        length = end - start;
        if (count > MaxDigits)
        {
            kind = plainIin ? PersonalDataKind.Iin : PersonalDataKind.None;
            return true;
        }

        var all = digits[..count];
        if (plainIin || (count == Iin.Length && Iin.TryParse(all, out _)))
        {
            kind = PersonalDataKind.Iin;
        }
        else if (international ? count is >= 10 and <= 15 : (count == 11 && all[0] is '7' or '8') || (count == 10 && all[0] == '7'))
        {
            kind = PersonalDataKind.Phone;
        }

        return true;
    }

    internal static bool NextEmail(ReadOnlySpan<char> text, int from, out int start, out int length)
    {
        start = length = 0;
        var searchFrom = from;
        while (true)
        {
            var at = text[searchFrom..].IndexOf('@');
            if (at < 0)
            {
                return false;
            }

            at += searchFrom;
            var left = at;
            while (left > from && IsLocalChar(text[left - 1]))
            {
                left--;
            }

            var right = at + 1;
            var dot = false;
            var letter = false;
            while (right < text.Length && (char.IsLetterOrDigit(text[right]) || text[right] is '.' or '-'))
            {
                dot |= text[right] == '.';
                letter |= char.IsLetter(text[right]);
                right++;
            }

            // The domain must not end at its dot ("a@b." is not an address), and must hold a letter ("v@1.2.3" is a version).
            var domain = text[(at + 1)..right].TrimEnd('.');
            if (left < at && domain.Contains('.') && dot && letter)
            {
                start = left;
                length = at + 1 + domain.Length - left;
                return true;
            }

            searchFrom = at + 1;
        }
    }

    private static bool IsLocalChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';
}
