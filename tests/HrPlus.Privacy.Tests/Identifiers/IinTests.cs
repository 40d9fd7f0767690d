using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.Tests.Identifiers;

/// <summary>
/// IIN known answers. Every vector is synthetic: made with the check-digit algorithm from an invented birth
/// date and serial, not taken from a person.
/// </summary>
public sealed class IinTests
{
    [Theory]
    [InlineData("990701100012", 1899, 7, 1, Sex.Male)]
    [InlineData("990701200019", 1899, 7, 1, Sex.Female)]
    [InlineData("851130300016", 1985, 11, 30, Sex.Male)]
    [InlineData("851130400012", 1985, 11, 30, Sex.Female)]
    [InlineData("080229400016", 1908, 2, 29, Sex.Female)]
    [InlineData("000229500018", 2000, 2, 29, Sex.Male)]
    [InlineData("000229600014", 2000, 2, 29, Sex.Female)]
    [InlineData("100412500013", 2010, 4, 12, Sex.Male)]
    public void Parse_KnownVector_DecodesCenturyBirthDateAndSex(string value, int year, int month, int day, Sex sex)
    {
        var iin = Iin.Parse(value);

        Assert.Equal(new DateOnly(year, month, day), iin.BirthDate);
        Assert.Equal(sex, iin.Sex);
        Assert.Equal(value, iin.ToString());
        Assert.False(iin.IsDefault);
    }

    [Fact]
    public void Parse_CheckDigitFromSecondWeightPass_IsValid()
    {
        // 1,0,0,4,1,2,5,0,0,4,0: weights 1..11 give 109 = 10 (mod 11); weights 3..11,1,2 give 99 = 0 (mod 11).
        Assert.True(Iin.TryParse("100412500400", out var iin));
        Assert.Equal(new DateOnly(2010, 4, 12), iin.BirthDate);
        Assert.False(Iin.TryParse("100412500401", out _));
        Assert.False(Iin.TryParse("100412500409", out _));
    }

    [Theory]
    [InlineData("10041250045")]
    [InlineData("10041250126")]
    [InlineData("10041260008")]
    [InlineData("85113030075")]
    [InlineData("85113040038")]
    public void Parse_PrefixWhereBothPassesGiveTen_NoCheckDigitIsValid(string prefix)
    {
        for (var check = 0; check <= 9; check++)
        {
            Assert.False(Iin.TryParse(prefix + check, out _));
        }

        var serial = int.Parse(prefix[7..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Iin.Create(DateFromPrefix(prefix), prefix[6] is '1' or '3' or '5' ? Sex.Male : Sex.Female, serial, out var none));
        Assert.True(none.IsDefault);
    }

    [Theory]
    [InlineData("")]
    [InlineData("85113030001")]
    [InlineData("8511303000160")]
    [InlineData("85113030001a")]
    [InlineData(" 851130300016")]
    [InlineData("851130300016 ")]
    [InlineData("851130 300016")]
    [InlineData("８５１１３０３０００１６")]
    [InlineData("٨٥١١٣٠٣٠٠٠١٦")]
    [InlineData("851130000016")]
    [InlineData("851130700016")]
    [InlineData("851130800016")]
    [InlineData("851130900016")]
    [InlineData("851330300016")]
    [InlineData("850431300016")]
    [InlineData("850000300016")]
    [InlineData("000229400011")]
    [InlineData("851130300017")]
    public void TryParse_Invalid_ReturnsFalse(string value)
    {
        Assert.False(Iin.TryParse(value, out var iin));
        Assert.True(iin.IsDefault);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionWithoutEchoingInput()
    {
        var ex = Assert.Throws<FormatException>(() => Iin.Parse("851130300017"));

        Assert.DoesNotContain("851130300017", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("85113030001", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => Iin.Parse((string)null!));
    }

    [Property(MaxTest = 500)]
    public void TryParse_AnyString_NeverThrows(string? value) => Iin.TryParse(value, out _);

    [Property(MaxTest = 300)]
    public Property Create_ThenFormatAndParse_RoundTrips() =>
        Prop.ForAll(ValidIins(), iin =>
        {
            Span<char> buffer = stackalloc char[12];
            Assert.True(iin.TryFormat(buffer, out var written, default, null));
            Assert.Equal(12, written);
            Assert.True(Iin.TryParse(buffer, out var fromSpan));
            Assert.Equal(iin, fromSpan);
            Assert.Equal(iin, Iin.Parse(iin.ToString()));
            Assert.Equal(iin, Iin.Parse(iin.ToString().AsSpan(), null));
        });

    [Property(MaxTest = 200)]
    public Property ChangingOneDigit_IsRejectedOrGivesAnotherValidIin() =>
        Prop.ForAll(ValidIins(), iin =>
        {
            var text = iin.ToString();
            for (var position = 0; position < 12; position++)
            {
                for (var digit = '0'; digit <= '9'; digit++)
                {
                    if (digit == text[position])
                    {
                        continue;
                    }

                    var changed = string.Concat(text.AsSpan(0, position), [digit], text.AsSpan(position + 1));
                    if (Iin.TryParse(changed, out var other))
                    {
                        Assert.NotEqual(iin, other);
                        Assert.Equal(changed, other.ToString());
                    }
                }
            }

            // The check digit itself is never replaceable: each prefix has at most one.
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit != text[11])
                {
                    Assert.False(Iin.TryParse(string.Concat(text.AsSpan(0, 11), [digit]), out _));
                }
            }
        });

    [Theory]
    [InlineData("100412500013", "2028-04-11", 17, true)]
    [InlineData("100412500013", "2028-04-12", 18, false)]
    [InlineData("100412500013", "2010-04-12", 0, true)]
    [InlineData("000229500018", "2018-02-28", 17, true)]
    [InlineData("000229500018", "2018-03-01", 18, false)]
    [InlineData("000229500018", "2020-02-29", 20, false)]
    [InlineData("851130300016", "2026-11-29", 40, false)]
    [InlineData("851130300016", "2026-11-30", 41, false)]
    public void AgeOnAndIsMinorOn_AroundBirthdays(string value, string date, int age, bool minor)
    {
        var iin = Iin.Parse(value);
        var on = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(age, iin.AgeOn(on));
        Assert.Equal(minor, iin.IsMinorOn(on));
    }

    [Fact]
    public void AgeOn_BeforeBirth_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Iin.Parse("100412500013").AgeOn(new DateOnly(2010, 4, 11)));
    }

    [Fact]
    public void Default_HoldsNoIin()
    {
        var iin = default(Iin);

        Assert.True(iin.IsDefault);
        Assert.Equal(string.Empty, iin.ToString());
        Assert.Equal(string.Empty, iin.ToString("M", null));
        Assert.Throws<InvalidOperationException>(() => iin.BirthDate);
        Assert.Throws<InvalidOperationException>(() => iin.Sex);
        Assert.NotEqual(Iin.Parse("851130300016"), iin);
    }

    [Fact]
    public void Format_Masked_HidesBirthDateAndSex()
    {
        var iin = Iin.Parse("851130300016");

        Assert.Equal("********0016", iin.ToString("M", null));
        Assert.Equal("********0016", $"{iin:M}");
        Assert.Equal("851130300016", $"{iin:G}");
        Assert.Throws<FormatException>(() => iin.ToString("X", null));
        Assert.False(iin.TryFormat(new char[11], out var written, default, null));
        Assert.Equal(0, written);
    }

    [Fact]
    public void EqualityAndOrdering_AreConsistent()
    {
        var a = Iin.Parse("851130300016");
        var b = Iin.Parse("851130300016");
        var c = Iin.Parse("851130400012");

        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != c);
        Assert.True(a < c);
        Assert.True(c > a);
        Assert.True(a <= b && a >= b);
        Assert.Equal(-1, a.CompareTo(c));
        Assert.Equal(0, a.CompareTo(b));
        Assert.Equal(1, c.CompareTo(a));
        Assert.False(a.Equals("851130300016"));
    }

    [Fact]
    public void Create_KnownBirthDateSexAndSerial_GivesExpectedIin()
    {
        Assert.True(Iin.Create(new DateOnly(1985, 11, 30), Sex.Male, 1, out var iin));
        Assert.Equal("851130300016", iin.ToString());
        Assert.True(Iin.Create(new DateOnly(2010, 4, 12), Sex.Male, 40, out var second));
        Assert.Equal("100412500400", second.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => Iin.Create(new DateOnly(1799, 12, 31), Sex.Male, 1, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Iin.Create(new DateOnly(2100, 1, 1), Sex.Male, 1, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Iin.Create(new DateOnly(2000, 1, 1), Sex.Male, 10_000, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Iin.Create(new DateOnly(2000, 1, 1), (Sex)7, 1, out _));
    }

    internal static Arbitrary<Iin> ValidIins()
    {
        var gen =
            from days in Gen.Choose(0, (new DateOnly(2099, 12, 31).DayNumber - new DateOnly(1800, 1, 1).DayNumber))
            from female in Gen.Elements(false, true)
            from serial in Gen.Choose(0, 9999)
            let date = DateOnly.FromDayNumber(new DateOnly(1800, 1, 1).DayNumber + days)
            let sex = female ? Sex.Female : Sex.Male
            where Iin.Create(date, sex, serial, out _)
            select Create(date, sex, serial);
        return Arb.From(gen);

        static Iin Create(DateOnly date, Sex sex, int serial)
        {
            Iin.Create(date, sex, serial, out var iin);
            return iin;
        }
    }

    private static DateOnly DateFromPrefix(string prefix)
    {
        var centuryBase = 1800 + (((prefix[6] - '0' - 1) / 2) * 100);
        return new DateOnly(centuryBase + int.Parse(prefix[..2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(prefix[2..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(prefix[4..6], System.Globalization.CultureInfo.InvariantCulture));
    }
}
