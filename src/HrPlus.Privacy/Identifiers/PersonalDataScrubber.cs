using System.Text;

namespace HrPlus.Privacy.Identifiers;

/// <summary>
/// The strict masking of text that is stored for years and read by people who need no personal data in it (the access
/// log): every run of twelve or more digits, whatever stands between them and whatever the check digit, every e-mail
/// address and every phone number.
/// </summary>
/// <remarks>
/// <para>
/// A run is a sequence of digits (<see cref="char.IsDigit(char)"/>, so other scripts' digits count) in which anything
/// but a letter may stand between two digits: <c>900101_300017</c>, <c>900101/300017</c>, <c>9.0.0.1.0.1.3.0.0.0.1.7</c>
/// and <c>100412500014.json</c> hold one run of twelve. A letter ends a run, so version numbers, dates and most ids stay.
/// </para>
/// <para>
/// Unlike <see cref="PersonalDataFinder"/>, which looks for a valid IIN (a subject id holding one is refused), this one
/// does not check the IIN's check digit: a mistyped IIN is still a person's. Twelve digits become <c>{iin}</c>, longer
/// runs <c>{number}</c>; a run of ten or eleven digits shaped like a Kazakh phone number (<c>7…</c>, <c>8…</c>), or of 10
/// to 15 digits after a <c>+</c>, written with spaces, <c>-</c>, <c>(</c>, <c>)</c> or <c>_</c> between its digits only,
/// becomes <c>{phone}</c> (a version number such as <c>78.0.3904.108</c> is not one).
/// </para>
/// </remarks>
internal static class PersonalDataScrubber
{
    /// <summary>The fewest digits that make a run personal whatever they are.</summary>
    public const int MinDigits = 12;

    /// <summary>The mask of a run of more than twelve digits.</summary>
    public const string NumberMask = "{number}";

    /// <summary>Whether <paramref name="text"/> holds anything <see cref="Scrub"/> masks.</summary>
    public static bool Contains(ReadOnlySpan<char> text) =>
        (text.Contains('@') && PersonalDataFinder.NextEmail(text, 0, out _, out _)) || NextRun(text, 0, out _, out _) is not null;

    /// <summary>The text with every digit run, e-mail address and phone number replaced by its mask; the same instance when it holds none.</summary>
    public static string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAnyInRange('0', '9') < 0 && !text.Contains('@') && !HasNonAsciiDigit(text))
        {
            return text;
        }

        var withoutEmails = text.Contains('@') ? Emails(text) : text;
        StringBuilder? masked = null;
        var copied = 0;
        var from = 0;
        while (NextRun(withoutEmails, from, out var start, out var length) is { } mask)
        {
            masked ??= new StringBuilder(withoutEmails.Length);
            masked.Append(withoutEmails, copied, start - copied).Append(mask);
            copied = from = start + length;
        }

        return masked is null ? withoutEmails : masked.Append(withoutEmails, copied, withoutEmails.Length - copied).ToString();
    }

    private static string Emails(string text)
    {
        StringBuilder? masked = null;
        var copied = 0;
        while (copied < text.Length && PersonalDataFinder.NextEmail(text, copied, out var start, out var length))
        {
            masked ??= new StringBuilder(text.Length);
            masked.Append(text, copied, start - copied).Append(PersonalDataFinder.EmailMask);
            copied = start + length;
        }

        return masked is null ? text : masked.Append(text, copied, text.Length - copied).ToString();
    }

    // The next run at or after from that is personal, with its mask; null when there is none. A run starts at its first
    // digit (or the '+' right before it) and ends at its last digit before a letter or the end of the text.
    private static string? NextRun(ReadOnlySpan<char> text, int from, out int start, out int length)
    {
        start = length = 0;
        var i = from;
        while (i < text.Length)
        {
            if (!char.IsDigit(text[i]))
            {
                i++;
                continue;
            }

            var first = i;
            var last = i;
            var digits = 0;
            var leading = text[i];
            var phoneShaped = true;
            for (; i < text.Length && !char.IsLetter(text[i]); i++)
            {
                if (char.IsDigit(text[i]))
                {
                    // Only what a phone number is written with may stand inside one ("78.0.3904.108" is a version).
                    phoneShaped &= i == first || last == i - 1 || text.Slice(last + 1, i - last - 1).IndexOfAnyExcept(PhoneSeparators) < 0;
                    digits++;
                    last = i;
                }
            }

            var international = first > 0 && text[first - 1] == '+';
            var mask = phoneShaped && IsPhone(digits, leading, international) ? PersonalDataFinder.PhoneMask
                : digits > MinDigits ? NumberMask
                : digits == MinDigits ? PersonalDataFinder.IinMask
                : null;
            if (mask is not null)
            {
                start = international ? first - 1 : first;
                length = last + 1 - start;
                return mask;
            }

            // The run ended at a letter (or the end): the next one starts after it.
            i = Math.Max(i, last + 1);
        }

        return null;
    }

    private static readonly System.Buffers.SearchValues<char> PhoneSeparators = System.Buffers.SearchValues.Create(" -()_");

    private static bool IsPhone(int digits, char leading, bool international) =>
        international ? digits is >= 10 and <= 15 : (digits == 11 && leading is '7' or '8') || (digits == 10 && leading == '7');

    private static bool HasNonAsciiDigit(string text)
    {
        foreach (var c in text)
        {
            if (c > '\u007F' && char.IsDigit(c))
            {
                return true;
            }
        }

        return false;
    }
}
