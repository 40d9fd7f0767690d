using FsCheck.Xunit;
using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.Tests.Identifiers;

/// <summary>BIN known answers; every vector is synthetic (made with the check-digit algorithm).</summary>
public sealed class BinTests
{
    [Theory]
    [InlineData("150340000015", 15, 3, BinEntityType.ResidentLegalEntity, BinUnitType.HeadOrganization)]
    [InlineData("990841000018", 99, 8, BinEntityType.ResidentLegalEntity, BinUnitType.Branch)]
    [InlineData("071251000011", 7, 12, BinEntityType.NonResidentLegalEntity, BinUnitType.Branch)]
    [InlineData("200162000014", 20, 1, BinEntityType.JointIndividualEntrepreneur, BinUnitType.RepresentativeOffice)]
    [InlineData("230443000017", 23, 4, BinEntityType.ResidentLegalEntity, BinUnitType.PeasantFarm)]
    public void Parse_KnownVector_DecodesRegistrationAndType(string value, int year, int month, BinEntityType type, BinUnitType unit)
    {
        var bin = Bin.Parse(value);

        Assert.Equal(year, bin.RegistrationYearOfCentury);
        Assert.Equal(month, bin.RegistrationMonth);
        Assert.Equal(type, bin.EntityType);
        Assert.Equal(unit, bin.UnitType);
        Assert.Equal(value, bin.ToString());
        Assert.Equal(value, $"{bin:G}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("15034000001")]
    [InlineData("1503400000150")]
    [InlineData("150040000015")]
    [InlineData("151340000015")]
    [InlineData("150330000015")]
    [InlineData("150370000015")]
    [InlineData("150344000015")]
    [InlineData("150340000016")]
    [InlineData("15034000001x")]
    [InlineData("１５０３４０００００１５")]
    public void TryParse_Invalid_ReturnsFalse(string value)
    {
        Assert.False(Bin.TryParse(value, out var bin));
        Assert.True(bin.IsDefault);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionWithoutEchoingInput()
    {
        var ex = Assert.Throws<FormatException>(() => Bin.Parse("150340000016"));

        Assert.DoesNotContain("150340000016", ex.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 300)]
    public void TryParse_AnyString_NeverThrows(string? value) => Bin.TryParse(value, out _);

    [Fact]
    public void Default_HoldsNoBin()
    {
        Assert.Equal(string.Empty, default(Bin).ToString());
        Assert.Throws<InvalidOperationException>(() => default(Bin).EntityType);
        Assert.Throws<FormatException>(() => Bin.Parse("150340000015").ToString("M", null));
    }

    [Fact]
    public void EqualityAndOrdering_AreConsistent()
    {
        var a = Bin.Parse("150340000015");
        var b = Bin.Parse("150340000015");
        var c = Bin.Parse("990841000018");

        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a < c);
        Assert.Equal(-1, a.CompareTo(c));
        Assert.True(Bin.TryParse("150340000015".AsSpan(), null, out var fromSpan));
        Assert.Equal(a, fromSpan);
    }
}
