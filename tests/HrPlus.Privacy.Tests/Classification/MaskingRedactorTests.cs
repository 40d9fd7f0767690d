using HrPlus.Privacy.Classification;

namespace HrPlus.Privacy.Tests.Classification;

public sealed class MaskingRedactorTests
{
    [Theory]
    [InlineData("+77011234567", "+7 701 *** ** 67")]
    [InlineData("+77011234567:parentPhone", "+7 701 *** ** 67")]
    [InlineData("8 701 123 45 67:phone_2", "+7 701 *** ** 67")]
    [InlineData("+77011234567:not a tag", "***")]
    [InlineData("+77011234567:", "***")]
    [InlineData(":parentPhone", "***")]
    [InlineData("12:34:phone", "***")]
    public void Phone_StripsOnlyALoggerDiscriminator(string input, string expected)
    {
        var redactor = new PhoneMaskRedactor();

        Assert.Equal(expected, redactor.Redact(input));
        Assert.Equal(expected.Length, redactor.GetRedactedLength(input));
    }

    [Theory]
    [InlineData("aigerim@mail.kz:parentEmail", "a***@mail.kz")]
    [InlineData("aigerim@mail.kz", "a***@mail.kz")]
    [InlineData("aigerim@mail.kz:a:b", "***")]
    public void Email_StripsOnlyALoggerDiscriminator(string input, string expected)
    {
        Assert.Equal(expected, new EmailMaskRedactor().Redact(input));
    }

    [Fact]
    public void Redact_DestinationTooShort_ThrowsWithoutEchoingTheValue()
    {
        var redactor = new FullNameMaskRedactor();
        var destination = new char[3];

        var error = Assert.Throws<ArgumentException>(() => redactor.Redact("Бекова Әлихан", destination));
        Assert.DoesNotContain("Бекова", error.Message, StringComparison.Ordinal);
        Assert.Equal("destination", error.ParamName);
    }
}
