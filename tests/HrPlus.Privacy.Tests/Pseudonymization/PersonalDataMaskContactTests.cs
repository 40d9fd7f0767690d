using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Pseudonymization;

namespace HrPlus.Privacy.Tests.Pseudonymization;

public sealed class PersonalDataMaskContactTests
{
    [Theory]
    [InlineData("+77011234567", "+7 701 *** ** 67")]
    [InlineData("8 701 123 45 67", "+7 701 *** ** 67")]
    [InlineData("+7 (727) 250-12-34", "+7 727 *** ** 34")]
    [InlineData("87011234567", "+7 701 *** ** 67")]
    [InlineData("7011234567", "+7 701 *** ** 67")]
    [InlineData("+1 202 555 0100", "***")]
    [InlineData("12345", "***")]
    [InlineData("", "***")]
    [InlineData("   ", "***")]
    [InlineData("7", "***")]
    [InlineData("+7701123456\u0000", "***")]
    [InlineData(null, "***")]
    public void Phone_AnyInput_KeepsOnlyCountryOperatorAndLastTwoDigits(string? value, string expected)
    {
        Assert.Equal(expected, PersonalDataMask.Phone(value));
    }

    [Theory]
    [InlineData("aigerim@mail.kz", "a***@mail.kz")]
    [InlineData("  Aigerim.Bekova@school.edu.kz ", "A***@school.edu.kz")]
    [InlineData("әлия@пошта.қаз", "ә***@пошта.қаз")]
    [InlineData("x@mail.kz", "***@mail.kz")]
    [InlineData("no-at-sign", "***")]
    [InlineData("@mail.kz", "***")]
    [InlineData("a@", "***")]
    [InlineData("a@b@c.kz", "***")]
    [InlineData("a b@mail.kz", "***")]
    [InlineData("aigerim@mail.kz:parentEmail", "***")]
    [InlineData("a@[IPv6:2001:db8::1]", "***")]
    [InlineData("ab\u0001@mail.kz", "***")]
    [InlineData("", "***")]
    [InlineData(null, "***")]
    public void Email_AnyInput_KeepsFirstCharacterAndDomainOnly(string? value, string expected)
    {
        Assert.Equal(expected, PersonalDataMask.Email(value));
    }

    [Theory]
    [InlineData("Бекова Әлихан Серікқызы", "Әлихан Б.")]
    [InlineData("  Иванова   Алина  ", "Алина И.")]
    [InlineData("Әлихан", "***")]
    [InlineData("Бекова\u0007 Әлихан", "***")]
    [InlineData("", "***")]
    [InlineData(" ", "***")]
    [InlineData(null, "***")]
    public void FullName_OfficialOrder_KeepsGivenNameAndSurnameInitial(string? value, string expected)
    {
        Assert.Equal(expected, PersonalDataMask.FullName(value));
    }

    [Fact]
    public void Masks_LoneSurrogates_AreFullyMasked()
    {
        // Built in code: xunit's test-case serialization would turn a lone surrogate in InlineData into U+FFFD.
        var lone = "\ud83d" + "ab";

        Assert.Equal("***", PersonalDataMask.Email(lone + "@mail.kz"));
        Assert.Equal("***", PersonalDataMask.FullName(lone + " Алина"));
    }

    [Fact]
    public void FullName_GivenAndSurname_KeepsInitialAsOneTextElement()
    {
        Assert.Equal("Әлихан Б.", PersonalDataMask.FullName("Әлихан", "Бекова"));
        // "Ә" written as "Ə"-less decomposed sequence stays one text element: А + combining diaeresis.
        Assert.Equal("Алина А\u0308.", PersonalDataMask.FullName("Алина", "А\u0308хметова"));
        Assert.Equal("***", PersonalDataMask.FullName("Алина", null));
        Assert.Equal("***", PersonalDataMask.FullName(" ", "Иванова"));
    }

    [Fact]
    public void Masks_TenKilobyteInput_AreFullyMasked()
    {
        var huge = new string('7', 10_240);

        Assert.Equal("***", PersonalDataMask.Phone(huge));
        Assert.Equal("***", PersonalDataMask.Email(huge + "@mail.kz"));
        Assert.Equal("***", PersonalDataMask.FullName(huge + " " + huge));
    }

    [Property(MaxTest = 300)]
    public Property Phone_ValidNumber_NeverShowsTheHiddenDigits() =>
        Prop.ForAll(Gen.Choose(0, 999).Zip(Gen.Choose(0, 9_999_999)).ToArbitrary(), pair =>
        {
            var (code, subscriber) = pair;
            var national = $"7{code:D3}{subscriber:D7}"[..10];
            var masked = PersonalDataMask.Phone("+7" + national);
            Assert.Equal($"+7 {national[..3]} *** ** {national[8..]}", masked);
            Assert.DoesNotContain(national[3..8], masked.Replace(" ", string.Empty, StringComparison.Ordinal)[5..], StringComparison.Ordinal);
        });

    [Property(MaxTest = 300)]
    public Property Email_ValidAddress_ShowsOnlyFirstCharacterOfLocalPart() =>
        Prop.ForAll(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789._".ToCharArray()).ArrayOf().Where(a => a.Length >= 2).ToArbitrary(), local =>
        {
            var address = new string(local) + "@mektep.kz";
            Assert.Equal(local[0] + "***@mektep.kz", PersonalDataMask.Email(address));
        });
}
