using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Identifiers;
using HrPlus.Privacy.Pseudonymization;
using HrPlus.Privacy.Tests.Identifiers;

namespace HrPlus.Privacy.Tests.Pseudonymization;

public sealed class PersonalDataMaskIinTests
{
    [Theory]
    [InlineData("851130300016", "********0016")]
    [InlineData("100412500400", "********0400")]
    [InlineData("851130300017", "************")]
    [InlineData("", "************")]
    [InlineData(" ", "************")]
    [InlineData("8", "************")]
    [InlineData("85113030001\u0000", "************")]
    [InlineData(null, "************")]
    public void Iin_AnyInput_RevealsAtMostTheLastFourDigitsOfAValidIin(string? value, string expected)
    {
        Assert.Equal(expected, PersonalDataMask.Iin(value));
    }

    [Fact]
    public void Iin_TenKilobytes_IsFullyMasked()
    {
        Assert.Equal("************", PersonalDataMask.Iin(new string('7', 10_240)));
    }

    [Property(MaxTest = 300)]
    public Property Iin_ValidIin_NeverContainsTheHiddenStart() =>
        Prop.ForAll(IinTests.ValidIins(), iin =>
        {
            var masked = PersonalDataMask.Iin(iin.ToString());
            Assert.Equal("********" + iin.ToString()[8..], masked);
            Assert.DoesNotContain(iin.ToString()[..8], masked, StringComparison.Ordinal);
            Assert.Equal(masked, PersonalDataMask.Iin(iin));
        });
}
