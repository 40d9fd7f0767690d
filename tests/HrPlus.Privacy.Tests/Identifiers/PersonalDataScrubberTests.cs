using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Xunit;
using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.Tests.Identifiers;

/// <summary>
/// The access log's strict masking (issue 26, point 3): every run of 12 digits, whatever joins its digits and whatever
/// its check digit, and every e-mail address and phone number.
/// </summary>
public sealed partial class PersonalDataScrubberTests
{
    private static readonly string[] Separators = ["", "", "", "_", ".", "+", "/", " ", "-", "(", ")", "~", ":", ",", ";", "=", "!", "*", "'", "#", "\\", "|", "\u00A0", "\u2013", "__", "./", " - "];

    [Theory]
    [InlineData("/pupils/900101_300017", "/pupils/{iin}")]
    [InlineData("/pupils/900101/300017/card", "/pupils/{iin}/card")]
    [InlineData("/pupils/900101.300017", "/pupils/{iin}")]
    [InlineData("/pupils/900101+300017", "/pupils/{iin}")]
    [InlineData("/pupils/100412500014", "/pupils/{iin}")]
    [InlineData("/x/100412500014.json", "/x/{iin}.json")]
    [InlineData("/x/IIN100412500014x", "/x/IIN{iin}x")]
    [InlineData("/cards/1234-5678-9012-3456", "/cards/{number}")]
    [InlineData("/call/+7_701_123_45_67", "/call/{phone}")]
    [InlineData("/call/8 (701) 123-45-67", "/call/{phone}")]
    [InlineData("/mail/a.b-c@school.edu.kz/x", "/mail/{email}/x")]
    [InlineData("/mail/900101300017@school.kz", "/mail/{email}")]
    [InlineData("/\u0669\u0660\u0660\u0661\u0660\u0661\u0663\u0660\u0660\u0660\u0661\u0667", "/{iin}")]
    public void Scrub_MasksDigitRunsEmailsAndPhones(string text, string expected)
    {
        Assert.True(PersonalDataScrubber.Contains(text));
        Assert.Equal(expected, PersonalDataScrubber.Scrub(text));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1")]
    [InlineData("/orders/42/items/12345678901")]
    [InlineData("/reports/2026-11-25/class/7")]
    [InlineData("/v1/a1b2c3d4e5f6g7h8i9j0k1l2")]
    [InlineData("/packages/tool@1.2.3")]
    [InlineData("")]
    public void Scrub_LeavesOrdinaryTextAsItIs(string text)
    {
        Assert.False(PersonalDataScrubber.Contains(text));
        Assert.Same(text, PersonalDataScrubber.Scrub(text));
    }

    [Property(MaxTest = 500)]
    public bool Scrub_NeverKeepsTwelveDigits_WhateverSeparatesThem(int seed, string? prefix, string? suffix)
    {
        var random = new Random(seed);
        var text = new StringBuilder(Letters(prefix));
        for (var i = 0; i < 12; i++)
        {
            text.Append((char)('0' + random.Next(10)));
            if (i < 11)
            {
                text.Append(Separators[random.Next(Separators.Length)]);
            }
        }

        text.Append(Letters(suffix));
        var scrubbed = PersonalDataScrubber.Scrub(text.ToString());
        return PersonalDataScrubber.Contains(text.ToString()) && !TwelveDigitRun().IsMatch(scrubbed) && !PersonalDataScrubber.Contains(scrubbed);
    }

    [Property(MaxTest = 300)]
    public bool Scrub_OfAnyText_LeavesNoTwelveDigitRun(string? text) =>
        text is null || !TwelveDigitRun().IsMatch(PersonalDataScrubber.Scrub(text));

    // Only letters (a run's edge) and a few path characters: never a digit, so the run under test stays twelve long.
    private static string Letters(string? text) => new([.. (text ?? string.Empty).Where(c => char.IsAsciiLetter(c) || c is '/').Take(8)]);

    /// <summary>Twelve digits in a row, with anything but letters and digits between them: what the log must not hold.</summary>
    [GeneratedRegex(@"\p{Nd}(?:[^\p{L}\p{Nd}]*\p{Nd}){11}")]
    internal static partial Regex TwelveDigitRun();
}
