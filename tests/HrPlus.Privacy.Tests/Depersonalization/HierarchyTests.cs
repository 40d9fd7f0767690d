using HrPlus.Privacy.Depersonalization;
using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.Tests.Depersonalization;

public sealed class HierarchyTests
{
    [Fact]
    public void BirthDate_Levels_AreDateMonthYearBandStar()
    {
        var hierarchy = Hierarchy.BirthDate();
        Assert.Equal(4, hierarchy.Height);
        Assert.Equal(
            ["2011-04-17", "2011-04", "2011", "2010-2014", "*"],
            Enumerable.Range(0, 5).Select(level => hierarchy.Generalize("2011-04-17", level)).ToArray());
        Assert.Equal("2015-2019", hierarchy.Generalize("2015-01-01", 3));
        Assert.Equal(DepersonalizationError.ValueOutsideHierarchy, Assert.Throws<DepersonalizationException>(() => hierarchy.Generalize("17.04.2011", 1)).Error);
    }

    [Fact]
    public void Iin_Levels_AreBirthYearAndSexNeverDigits()
    {
        Assert.True(Iin.Create(new DateOnly(2011, 4, 17), Sex.Female, 123, out var girl));
        Assert.True(Iin.Create(new DateOnly(2013, 9, 1), Sex.Male, 77, out var boy));
        var hierarchy = Hierarchy.Iin();
        Assert.Equal(3, hierarchy.Height);
        Assert.Equal(["2011 F", "2011", "2010-2014", "*"], Enumerable.Range(0, 4).Select(level => hierarchy.Generalize(girl.ToString(), level)).ToArray());
        Assert.Equal("2013 M", hierarchy.Generalize(boy.ToString(), 0));

        var digits = girl.ToString();
        var wrongCheck = digits[..11] + (char)('0' + ((digits[11] - '0' + 1) % 10));
        var error = Assert.Throws<DepersonalizationException>(() => hierarchy.Generalize(wrongCheck, 0));
        Assert.DoesNotContain(digits[..6], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SchoolClass_Levels_AreClassGradeStageStar()
    {
        var hierarchy = Hierarchy.SchoolClass();
        Assert.Equal(["7Б", "7", "lower-secondary", "*"], Enumerable.Range(0, 4).Select(level => hierarchy.Generalize("7Б", level)).ToArray());
        Assert.Equal("primary", hierarchy.Generalize("0 A", 2));
        Assert.Equal("primary", hierarchy.Generalize("4В", 2));
        Assert.Equal("lower-secondary", hierarchy.Generalize("5А", 2));
        Assert.Equal("upper-secondary", hierarchy.Generalize("11Ә", 2));
        foreach (var bad in new[] { "Б7", "13А", "", "7.1", "123" })
        {
            Assert.Throws<DepersonalizationException>(() => hierarchy.Generalize(bad, 0));
        }
    }

    [Fact]
    public void Intervals_NestedBands_AndAgeDefaults()
    {
        var hierarchy = Hierarchy.Intervals(5, 10);
        Assert.Equal(["17", "[15, 20)", "[10, 20)", "*"], Enumerable.Range(0, 4).Select(level => hierarchy.Generalize("17", level)).ToArray());
        Assert.Equal("[-5, 0)", hierarchy.Generalize("-3", 1));
        Assert.Equal("2.5", Hierarchy.Intervals(1).Generalize("2.5", 0));
        Assert.Equal("[2, 3)", Hierarchy.Intervals(1).Generalize("2.5", 1));
        Assert.Equal(["15", "[15, 20)", "[10, 20)", "[0, 20)", "*"], Enumerable.Range(0, 5).Select(level => Hierarchy.Age().Generalize("15", level)).ToArray());
        Assert.Throws<ArgumentException>(() => Hierarchy.Intervals(5, 7));
        Assert.Throws<ArgumentException>(() => Hierarchy.Intervals());
        Assert.Throws<ArgumentException>(() => Hierarchy.Intervals(0));
        Assert.Throws<DepersonalizationException>(() => hierarchy.Generalize("1e3", 1));
    }

    [Fact]
    public void Tree_SchoolDistrictRegion_GeneralizesUpTheTree()
    {
        var hierarchy = Hierarchy.Tree(new Dictionary<string, string>
        {
            ["School 12"] = "Almaly",
            ["School 40"] = "Almaly",
            ["Lyceum 8"] = "Bostandyq",
            ["Almaly"] = "Almaty",
            ["Bostandyq"] = "Almaty",
        });
        Assert.Equal(3, hierarchy.Height);
        Assert.Equal(["School 12", "Almaly", "Almaty", "*"], Enumerable.Range(0, 4).Select(level => hierarchy.Generalize("School 12", level)).ToArray());
        Assert.Equal("Almaty", hierarchy.Generalize("Lyceum 8", 2));
        Assert.Throws<DepersonalizationException>(() => hierarchy.Generalize("School 99", 0));
        Assert.Throws<ArgumentException>(() => Hierarchy.Tree(new Dictionary<string, string> { ["a"] = "b", ["b"] = "a" }));
        Assert.Throws<ArgumentException>(() => Hierarchy.Tree(new Dictionary<string, string> { ["a"] = "*" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => hierarchy.Generalize("School 12", 4));
    }

    [Fact]
    public void Categorical_IsValueThenStar()
    {
        var hierarchy = Hierarchy.Categorical();
        Assert.Equal(1, hierarchy.Height);
        Assert.Equal("F", hierarchy.Generalize("F", 0));
        Assert.Equal("*", hierarchy.Generalize("F", 1));
        Assert.Throws<DepersonalizationException>(() => hierarchy.Generalize("*", 0));
    }
}
