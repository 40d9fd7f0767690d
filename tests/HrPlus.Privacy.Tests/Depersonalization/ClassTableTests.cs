using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Depersonalization;

namespace HrPlus.Privacy.Tests.Depersonalization;

/// <summary>
/// The search's grouping with class keys packed in one integer against the same grouping with a key of one integer per
/// quasi-identifier (the path for keys wider than 63 bits): the same classes, numbered alike, at every node.
/// </summary>
public sealed class ClassTableTests
{
    [Property(MaxTest = 100)]
    public Property FromRowsAndRollUp_PackedAndWideKeys_GiveTheSameClasses() =>
        Prop.ForAll(Rows().ToArbitrary(), Gen.Choose(1, 4).ToArbitrary(), (rows, k) =>
        {
            var (data, schema) = Build(rows);
            var quasi = schema.Columns.Where(c => c.Role == ColumnRole.QuasiIdentifier).ToArray();
            var sensitive = schema.Columns.Where(c => c.Role == ColumnRole.Sensitive).ToArray();
            var packed = EncodedTable.Create(data, quasi, sensitive);
            var wide = EncodedTable.Create(data, quasi, sensitive, packKeys: false);
            Assert.True(packed.PackedKeys);
            Assert.False(wide.PackedKeys);

            // Every node, from the rows and by rolling up each predecessor.
            var heights = packed.Heights;
            foreach (var levels in Nodes(heights))
            {
                var fromPacked = ClassTable.FromRows(packed, levels, withHistograms: true, out var packedRows);
                var fromWide = ClassTable.FromRows(wide, levels, withHistograms: true, out var wideRows);
                Assert.Equal(wideRows, packedRows);
                AssertSame(fromWide, fromPacked);
                for (var j = 0; j < levels.Length; j++)
                {
                    if (levels[j] < heights[j])
                    {
                        var upPacked = fromPacked.RollUp(packed, j);
                        var upWide = fromWide.RollUp(wide, j);
                        AssertSame(upWide, upPacked);
                        var direct = ClassTable.FromRows(packed, upPacked.Levels, withHistograms: true, out _);
                        Assert.Equal(direct.Count, upPacked.Count);
                        Assert.Equal(direct.Sizes.Take(direct.Count).Order(), upPacked.Sizes.Take(upPacked.Count).Order());
                        foreach (var table in (ClassTable[])[upPacked, upWide, direct])
                        {
                            table.Return();
                        }
                    }
                }

                fromPacked.Return();
                fromWide.Return();
            }

            // And the whole search.
            var options = new AnonymizationOptions { K = k, L = k > 2 ? 2 : null, MaxSuppression = 0.2 };
            try
            {
                var expected = LatticeSearch.Run(wide, new PrivacyModels(options, wide), options.Metric);
                var actual = LatticeSearch.Run(packed, new PrivacyModels(options, packed), options.Metric);
                Assert.Equal(expected.Levels, actual.Levels);
                Assert.Equal(expected.Evaluated, actual.Evaluated);
            }
            catch (DepersonalizationException e) when (e.Error == DepersonalizationError.SuppressionLimitExceeded)
            {
                var again = Assert.Throws<DepersonalizationException>(() => LatticeSearch.Run(packed, new PrivacyModels(options, packed), options.Metric));
                Assert.Equal(DepersonalizationError.SuppressionLimitExceeded, again.Error);
            }
        });

    [Fact]
    public void Create_KeysWiderThan63Bits_AreNotPacked()
    {
        // 8 quasi-identifiers of 300 distinct values each need 9 bits apiece: 72 bits.
        var columns = Enumerable.Range(0, 8).Select(j => "q" + j.ToString(CultureInfo.InvariantCulture)).ToArray();
        var data = new Dataset(columns);
        var schema = new DatasetSchema();
        foreach (var column in columns)
        {
            schema.QuasiIdentifier(column, Hierarchy.Intervals(1000));
        }

        for (var i = 0; i < 300; i++)
        {
            data.Add([.. columns.Select(_ => i.ToString(CultureInfo.InvariantCulture))]);
        }

        var table = EncodedTable.Create(data, [.. schema.Columns], []);

        Assert.False(table.PackedKeys);
        var classes = ClassTable.FromRows(table, new int[8], withHistograms: false, out var rowClass);
        Assert.Equal(300, classes.Count);
        Assert.Equal(Enumerable.Range(0, 300), rowClass);
        var top = classes.RollUp(table, 0);
        Assert.Equal(300, top.Count); // the other seven still tell the rows apart
        classes.Return();
        top.Return();
    }

    private static void AssertSame(ClassTable expected, ClassTable actual)
    {
        Assert.Equal(expected.Levels, actual.Levels);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Sizes.Take(expected.Count), actual.Sizes.Take(actual.Count));
        for (var s = 0; s < expected.Histograms.Length; s++)
        {
            for (var c = 0; c < expected.Count; c++)
            {
                Assert.Equal(expected.Histograms[s].DistinctCount(c), actual.Histograms[s].DistinctCount(c));
            }
        }
    }

    private static IEnumerable<int[]> Nodes(int[] heights)
    {
        var levels = new int[heights.Length];
        while (true)
        {
            yield return (int[])levels.Clone();
            var j = 0;
            while (j < levels.Length && levels[j] == heights[j])
            {
                levels[j++] = 0;
            }

            if (j == levels.Length)
            {
                yield break;
            }

            levels[j]++;
        }
    }

    private static Gen<(int Age, int Sex, int School, int Score)[]> Rows() =>
        Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(
            Gen.Choose(6, 18).SelectMany(age => Gen.Choose(0, 1).SelectMany(sex => Gen.Choose(1, 3).SelectMany(school => Gen.Choose(0, 4).Select(score => (age, sex, school, score))))),
            n));

    private static (Dataset Data, DatasetSchema Schema) Build((int Age, int Sex, int School, int Score)[] rows)
    {
        var data = new Dataset(["age", "sex", "school", "score"]);
        foreach (var (age, sex, school, score) in rows)
        {
            data.Add(age.ToString(CultureInfo.InvariantCulture), sex == 0 ? "F" : "M", "School " + school.ToString(CultureInfo.InvariantCulture), score.ToString(CultureInfo.InvariantCulture));
        }

        var schema = new DatasetSchema()
            .QuasiIdentifier("age", Hierarchy.Intervals(2, 4, 8))
            .QuasiIdentifier("sex", Hierarchy.Categorical())
            .QuasiIdentifier("school", Hierarchy.Tree(DepersonalizerPropertyTests.Schools))
            .Sensitive("score");
        return (data, schema);
    }
}
