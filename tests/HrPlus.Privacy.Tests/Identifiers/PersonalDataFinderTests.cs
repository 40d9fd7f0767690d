using FsCheck;
using FsCheck.Xunit;
using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.Tests.Identifiers;

/// <summary>The finder behind the access log's masks and the subject-id check (issue 15, points 1 and 11).</summary>
public sealed class PersonalDataFinderTests
{
    // Generated, not a real person's: 1990-01-01, man, serial 1234, with its check digit.
    private static readonly string Sample = Generated(new DateOnly(1990, 1, 1), 1234);

    [Theory]
    [InlineData("{0}", "Iin", "{iin}")]
    [InlineData("IIN{0}", "Iin", "IIN{iin}")]
    [InlineData("id {1} ok", "Iin", "id {iin} ok")]
    [InlineData("mail a.b-c@school.edu.kz.", "Email", "mail {email}.")]
    [InlineData("call +7 (701) 123-45-67 now", "Phone", "call {phone} now")]
    [InlineData("8 701 123 45 67", "Phone", "{phone}")]
    [InlineData("7011234567", "Phone", "{phone}")]
    [InlineData("+44 20 7946 0958", "Phone", "{phone}")]
    public void Find_AndMask_FindWhatIsThere(string template, string kind, string masked)
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Sample, Sample[..6] + "-" + Sample[6..]);

        Assert.Equal(Enum.Parse<PersonalDataKind>(kind), PersonalDataFinder.Find(text, 0, out _, out _));
        Assert.Equal(masked, PersonalDataFinder.Mask(text));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/78.0.3904.108 Safari/537.36")]
    [InlineData("order 123456789012")]
    [InlineData("2026-11-25 12:00")]
    [InlineData("tool@1.2.3")]
    [InlineData("@handle")]
    [InlineData("1234567890123456")]
    [InlineData("6011234567")]
    public void Find_LeavesOrdinaryTextAlone(string text)
    {
        Assert.Equal(PersonalDataKind.None, PersonalDataFinder.Find(text, 0, out _, out _));
        Assert.Same(text, PersonalDataFinder.Mask(text));
    }

    [Property(MaxTest = 500)]
    public bool ContainsIin_FindsAGeneratedIin_WhateverSurroundsItAndHowItIsWritten(int days, int serial, string? before, string? after, NonNegativeInt style)
    {
        var iin = Generated(new DateOnly(1950, 1, 1).AddDays(Math.Abs(days % 25_000)), Math.Abs(serial % 9_000));
        var written = (style.Get % 4) switch
        {
            0 => iin,
            1 => iin[..6] + "-" + iin[6..],
            2 => iin[..6] + " " + iin[6..],
            _ => "(" + iin[..3] + ") " + iin[3..],
        };
        return PersonalDataFinder.ContainsIin(Letters(before) + written + Letters(after))
            && !PersonalDataFinder.ContainsIin(PersonalDataFinder.Mask(Letters(before) + " " + written + " " + Letters(after)));
    }

    private static string Letters(string? text) => new([.. (text ?? string.Empty).Where(char.IsAsciiLetter).Take(12)]);

    private static string Generated(DateOnly birth, int serial)
    {
        for (var s = serial; ; s++)
        {
            if (Iin.Create(birth, Sex.Male, s, out var iin))
            {
                return iin.ToString();
            }
        }
    }
}
