using HrPlus.Privacy.Depersonalization;

namespace HrPlus.Privacy.Tests.Depersonalization;

/// <summary>Hierarchies from tables and CSV (outside input), uneven trees, top and bottom coding.</summary>
public sealed class HierarchyTableTests
{
    [Fact]
    public void FromCsv_ArxLayout_GeneralizesAlongTheRows()
    {
        var hierarchy = Hierarchy.FromCsv(new StringReader("\uFEFFSchool 1;District A;City;*\r\nSchool 2;District A;City;*\n\"School; 3\";District B;City;*\n\n"));

        Assert.Equal(3, hierarchy.Height);
        Assert.Equal(["School 1", "District A", "City", "*"], Enumerable.Range(0, 4).Select(l => hierarchy.Generalize("School 1", l)));
        Assert.Equal("District B", hierarchy.Generalize("School; 3", 1));
        Assert.Equal(DepersonalizationError.ValueOutsideHierarchy, Assert.Throws<DepersonalizationException>(() => hierarchy.Generalize("District A", 0)).Error);
    }

    [Fact]
    public void FromTable_LabelWithTwoParents_IsRefused()
    {
        var error = Assert.Throws<DepersonalizationException>(() => Hierarchy.FromTable([["a", "X", "City"], ["b", "X", "Town"]]));

        Assert.Equal(DepersonalizationError.InvalidHierarchy, error.Error);
        Assert.Equal("A label of level 1 has two parents at level 2; a hierarchy must nest (each label has one parent).", error.Message);
    }

    [Theory]
    [InlineData("a;X\na;Y\n", "repeats the value")]
    [InlineData("a;;X\n", "column 2")]
    [InlineData("a;*;X\n", "column 2")]
    [InlineData("a;X\u0001\n", "column 2")]
    public void FromCsv_InvalidTable_IsRefusedNamingRowAndColumnOnly(string csv, string expected)
    {
        var error = Assert.Throws<DepersonalizationException>(() => Hierarchy.FromCsv(new StringReader(csv)));

        Assert.Equal(DepersonalizationError.InvalidHierarchy, error.Error);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("X", error.Message.Replace("X\u0001", string.Empty, StringComparison.Ordinal).Where(char.IsUpper).Select(c => c.ToString()), StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("\"a;X", "line 1 has a quote that is never closed")]
    [InlineData("a\"b;X\n", "line 1 has a quote inside an unquoted label")]
    [InlineData("\"a\"b;X\n", "line 1 has text after a closing quote")]
    [InlineData("a;X\rb;Y\n", "line 1 has a carriage return without a line feed")]
    [InlineData("ok;X\n\"a\nb\";X\n", "line 2 has a line break inside a quoted label")]
    public void FromCsv_MalformedCsv_FailsWithTheLine(string csv, string expected)
    {
        var error = Assert.Throws<DepersonalizationException>(() => Hierarchy.FromCsv(new StringReader(csv)));

        Assert.Equal(DepersonalizationError.InvalidHierarchy, error.Error);
        Assert.EndsWith(expected + ".", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCsv_HostileSizes_AreRefusedWhileReading()
    {
        Assert.Contains("columns", Assert.Throws<DepersonalizationException>(() => Hierarchy.FromCsv(new StringReader(string.Join(';', Enumerable.Range(0, 40)) + "\n"))).Message, StringComparison.Ordinal);
        Assert.Contains("longer than 256", Assert.Throws<DepersonalizationException>(() => Hierarchy.FromCsv(new StringReader(new string('a', 10_000) + ";X\n"))).Message, StringComparison.Ordinal);
        Assert.Throws<DepersonalizationException>(() => Hierarchy.FromCsv(new StringReader(string.Empty)));
        Assert.Throws<ArgumentException>(() => Hierarchy.FromCsv(new StringReader("a;b\n"), separator: '"'));
    }

    [Fact]
    public void FromTable_UnevenRows_AreRefusedOrPaddedWithTheirCoarsestLabel()
    {
        IReadOnlyList<string>[] rows = [["School 1", "District A", "Almaty"], ["School 9", "Almaty", ""]];

        Assert.Equal(DepersonalizationError.InvalidHierarchy, Assert.Throws<DepersonalizationException>(() => Hierarchy.FromTable(rows)).Error);
        var padded = Hierarchy.FromTable(rows, UnevenDepth.Pad);
        Assert.Equal(["School 9", "Almaty", "Almaty", "*"], Enumerable.Range(0, 4).Select(l => padded.Generalize("School 9", l)));
        Assert.Equal(["School 1", "District A", "Almaty", "*"], Enumerable.Range(0, 4).Select(l => padded.Generalize("School 1", l)));
    }

    [Fact]
    public void Tree_UnevenLeaves_AreRefusedOrReachTheRootAtTheSameLevel()
    {
        var parentOf = new Dictionary<string, string> { ["School 1"] = "District A", ["District A"] = "Almaty", ["School 9"] = "Almaty" };

        Assert.Equal(DepersonalizationError.InvalidHierarchy, Assert.Throws<DepersonalizationException>(() => Hierarchy.Tree(parentOf, UnevenDepth.Refuse)).Error);
        foreach (var tree in new[] { Hierarchy.Tree(parentOf), Hierarchy.Tree(parentOf, UnevenDepth.Pad) })
        {
            Assert.Equal(["School 9", "Almaty", "Almaty", "*"], Enumerable.Range(0, 4).Select(l => tree.Generalize("School 9", l)));
            Assert.Equal(["School 1", "District A", "Almaty", "*"], Enumerable.Range(0, 4).Select(l => tree.Generalize("School 1", l)));
        }
    }

    [Fact]
    public void Intervals_TopAndBottomCoding_CodeTheExtremesAtEveryLevelAndCutTheBands()
    {
        var hierarchy = Hierarchy.Intervals([5, 10], bottom: 6, top: 18);

        Assert.Equal(["< 6", "< 6", "< 6", "*"], Enumerable.Range(0, 4).Select(l => hierarchy.Generalize("3", l)));
        Assert.Equal([">= 18", ">= 18", ">= 18", "*"], Enumerable.Range(0, 4).Select(l => hierarchy.Generalize("19", l)));
        Assert.Equal(["17", "[15, 18)", "[10, 18)", "*"], Enumerable.Range(0, 4).Select(l => hierarchy.Generalize("17", l)));
        Assert.Equal(["7", "[6, 10)", "[6, 10)", "*"], Enumerable.Range(0, 4).Select(l => hierarchy.Generalize("7", l)));
        Assert.Throws<ArgumentException>(() => Hierarchy.Intervals([5], bottom: 10, top: 10));
    }

    [Fact]
    public void WriteCsv_ADataLabelNamedTotal_IsToldFromTheTotalsByTheMarker()
    {
        var data = new Dataset(["class"]);
        foreach (var label in new[] { "total", "7A" })
        {
            for (var i = 0; i < 5; i++)
            {
                data.Add(label);
            }
        }

        var csv = new StringWriter();
        DepersonalizedExport.WriteCsv(Aggregator.Run(data, new AggregateRequest { RowColumn = "class", K = 2 }), csv);

        Assert.Equal(
            "row,column,count,total\r\n7A,all,5,\r\n7A,total,5,row\r\ntotal,all,5,\r\ntotal,total,5,row\r\ntotal,all,10,column\r\ntotal,total,10,grand\r\n",
            csv.ToString());
    }
}
