using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Tool.Reports;

namespace HrPlus.Privacy.Tool.Tests.Reports;

/// <summary>RFC 4180 reading and writing of <c>report</c> input and output.</summary>
public sealed class CsvFileTests
{
    [Property(MaxTest = 300)]
    public Property WriteThenRead_GivesBackTheFields()
    {
        var field = Gen.Elements('a', 'z', ',', '"', '\n', '\r', ' ', 'ә', '0').ArrayOf().Select(c => new string(c));
        var rows = field.ArrayOf(3).NonEmptyListOf();
        return Prop.ForAll(rows.ToArbitrary(), list =>
        {
            var writer = new StringWriter();
            CsvFile.WriteRecord(writer, ["a", "b", "c"]);
            foreach (var row in list)
            {
                CsvFile.WriteRecord(writer, row);
            }

            var (header, read) = CsvFile.Read(new StringReader(writer.ToString()), "x.csv");
            var expected = list.Where(r => !(r.Length == 1 && r[0].Length == 0)).ToList();
            return header.SequenceEqual(["a", "b", "c"]) && read.Count == expected.Count && read.Zip(expected).All(p => p.First.SequenceEqual(p.Second));
        });
    }

    [Theory]
    [InlineData("", "line 1 is empty")]
    [InlineData("a,,c\n", "line 1 has an empty name for column 2")]
    [InlineData("a,a\n", "line 1 names column 'a' twice")]
    [InlineData("a,b\n1,2\n3\n", "line 3 has 1 fields where the header has 2")]
    [InlineData("a,b\n1,x\"y\n", "line 2 has a quote inside an unquoted field")]
    [InlineData("a,b\n1,\"x\"y\n", "line 2 has characters after a closing quote")]
    [InlineData("a,b\n1,\"x\n\n", "line 2 has a quoted field that is never closed")]
    public void Read_HostileInput_IsRefusedWithTheLine(string csv, string message)
    {
        var error = Assert.Throws<ToolException>(() => CsvFile.Read(new StringReader(csv), "x.csv"));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith($"'x.csv' {message}", error.Message);
    }

    [Fact]
    public void Read_TooManyColumnsOrTooLongAField_IsRefused()
    {
        var wide = string.Join(',', Enumerable.Range(0, CsvFile.MaxColumns + 1).Select(i => $"c{i}"));
        var longField = "a\n" + new string('x', CsvFile.MaxFieldLength + 1) + "\n";

        Assert.Contains($"has more than {CsvFile.MaxColumns} columns", Assert.Throws<ToolException>(() => CsvFile.Read(new StringReader(wide), "x.csv")).Message);
        Assert.Contains($"has a field longer than {CsvFile.MaxFieldLength} characters", Assert.Throws<ToolException>(() => CsvFile.Read(new StringReader(longField), "x.csv")).Message);
    }
}
