using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Depersonalization;
using static HrPlus.Privacy.Tests.Depersonalization.DepersonalizationFixtures;

namespace HrPlus.Privacy.Tests.Depersonalization;

/// <summary>Risk figures against a hand-worked table and the definitions; local suppression against row suppression.</summary>
public sealed class RiskAndLocalSuppressionTests
{
    private static readonly Dictionary<string, string> Schools = new()
    {
        ["School 1"] = "District A", ["School 2"] = "District A", ["School 3"] = "District B", ["School 4"] = "District B",
        ["District A"] = "City", ["District B"] = "City",
    };

    // Classes A (2 rows), B (3), C (5): prosecutor max 1/2, mean 3 classes / 10 records = 0.3; above 0.25 are the records
    // of A (0.5) and B (0.333): 5 of 10. Population A 4, B 6, C 20: journalist max 1/4, mean (2/4 + 3/6 + 5/20) / 10 = 0.125,
    // which is also the marketer risk.
    [Fact]
    public void Anonymize_HandWorkedClasses_GiveTheDefinitionsRisks()
    {
        var data = Categories(("A", 2), ("B", 3), ("C", 5));
        var options = new AnonymizationOptions { K = 1, MaxSuppression = 0, RiskThreshold = 0.25, Population = Categories(("A", 4), ("B", 6), ("C", 20), ("D", 7)) };

        var risk = Run(data, new DatasetSchema().QuasiIdentifier("g", Hierarchy.Categorical()), options).Risk;

        Assert.Equal((0.5, 0.3, 0.25), (risk.ProsecutorMaxRisk, risk.ProsecutorMeanRisk, risk.Threshold));
        Assert.Equal((0.5, 5), (risk.RecordsAtRisk, risk.RecordsAtRiskCount));
        Assert.Equal(0.25, risk.JournalistMaxRisk);
        Assert.Equal(0.125, risk.JournalistMeanRisk!.Value, 12);
        Assert.Equal(0.125, risk.MarketerRisk, 12);
    }

    [Fact]
    public void Anonymize_WithoutPopulation_MarketerIsTheProsecutorMean()
    {
        var risk = Run(Categories(("A", 2), ("B", 3), ("C", 5)), new DatasetSchema().QuasiIdentifier("g", Hierarchy.Categorical()), new AnonymizationOptions { K = 1 }).Risk;

        Assert.Null(risk.JournalistMaxRisk);
        Assert.Null(risk.JournalistMeanRisk);
        Assert.Equal(0.3, risk.MarketerRisk, 12);
        Assert.Equal((0.2, 0.5), (risk.Threshold, risk.RecordsAtRisk)); // default threshold: classes under 5
    }

    [Fact]
    public void Anonymize_PopulationSmallerThanTheRelease_IsRefused()
    {
        var error = Assert.Throws<DepersonalizationException>(() => Run(
            Categories(("A", 2), ("B", 3)), new DatasetSchema().QuasiIdentifier("g", Hierarchy.Categorical()),
            new AnonymizationOptions { K = 1, Population = Categories(("A", 2), ("B", 1)) }));

        Assert.Equal(DepersonalizationError.InvalidSchema, error.Error);
    }

    [Fact]
    public void Anonymize_MaxRiskInsteadOfK_MakesClassesOfAtLeastItsInverse()
    {
        var result = Run(Pupils(), PupilSchema(), new AnonymizationOptions { K = 1, MaxRisk = 0.25, MaxSuppression = 0 });

        Assert.True(result.Risk.ProsecutorMaxRisk <= 0.25);
        Assert.True(result.SmallestClassSize >= 4);
        Assert.Equal(["k-anonymity(k=1)", "prosecutor-risk(max=0.25)"], result.ModelsMet);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Anonymize_InvalidMaxRisk_IsRefused(double maxRisk) =>
        Assert.Throws<ArgumentException>(() => Run(Pupils(), PupilSchema(), new AnonymizationOptions { MaxRisk = maxRisk }));

    // Level (age 1, sex 0) leaves p7 ([15, 20), M) and p8 ([20, 25), M) alone in their classes. Suppressing the age puts
    // them together as (*, M): a class of 2, so both are released with one value suppressed each instead of being removed.
    [Fact]
    public void Anonymize_ValueSuppression_BlanksTheAgeOfTheTwoOutliersInsteadOfRemovingThem()
    {
        var result = Run(Pupils(), PupilSchema(), new AnonymizationOptions { K = 2, MaxSuppression = 0.25, Suppression = SuppressionMode.Values });

        Assert.Equal(
            [["*", "M", "3"], ["*", "M", "4"], ["[10, 15)", "F", "3"], ["[10, 15)", "F", "5"], ["[10, 15)", "M", "2"], ["[10, 15)", "M", "4"], ["[15, 20)", "F", "1"], ["[15, 20)", "F", "5"]],
            Sorted(result));
        Assert.Equal((0, 2, 2L, 4, 16L), (result.SuppressedRowCount, result.SuppressedValueCount, result.SuppressionLoss, result.ClassCount, result.Discernibility));
        Assert.Equal(SuppressionMode.Values, result.Suppression);
    }

    /// <summary>
    /// Random datasets: with value suppression, k (and l) hold over the released values as written, <c>*</c> matching only
    /// itself; the loss, the discernibility and the rows left out are never above row suppression's; the risk figures equal
    /// their definitions recomputed from the released rows.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property Anonymize_RandomDatasets_ValueSuppressionMeetsTheModelsWithNoMoreLoss() =>
        Prop.ForAll(Cases(), c =>
        {
            var (data, k, l) = c;
            var schema = new DatasetSchema()
                .DirectIdentifier("id")
                .QuasiIdentifier("age", Hierarchy.Intervals(2, 4, 8))
                .QuasiIdentifier("sex", Hierarchy.Categorical())
                .QuasiIdentifier("school", Hierarchy.Tree(Schools))
                .Sensitive("score");
            DepersonalizationResult byRows, byValues;
            try
            {
                byRows = Run(data, schema, new AnonymizationOptions { K = k, L = l, MaxSuppression = 0.2 });
                byValues = Run(data, schema, new AnonymizationOptions { K = k, L = l, MaxSuppression = 0.2, Suppression = SuppressionMode.Values });
            }
            catch (DepersonalizationException e) when (e.Error == DepersonalizationError.SuppressionLimitExceeded)
            {
                return;
            }

            var classes = byValues.Rows.GroupBy(r => string.Join('\u001F', r.Take(3)), StringComparer.Ordinal).ToArray();
            Assert.All(classes, g => Assert.True(g.Count() >= k));
            Assert.All(classes, g => Assert.True(g.Select(r => r[3]).Distinct().Count() >= (l ?? 0)));
            Assert.Equal(byRows.Levels, byValues.Levels);
            Assert.True(byValues.SuppressionLoss <= byRows.SuppressionLoss);
            Assert.True(byValues.Discernibility <= byRows.Discernibility);
            Assert.True(byValues.SuppressedRowCount <= byRows.SuppressedRowCount);
            Assert.Equal(data.RowCount, byValues.Rows.Count + byValues.SuppressedRowCount);
            var heights = new Dictionary<string, int> { ["age"] = 4, ["sex"] = 1, ["school"] = 3 };
            var stars = byValues.Rows.Sum(r => Enumerable.Range(0, 3).Count(j => r[j] == "*" && byValues.Levels[byValues.Columns[j]] < heights[byValues.Columns[j]]));
            Assert.Equal(byValues.SuppressedValueCount, stars);

            foreach (var result in new[] { byRows, byValues })
            {
                var sizes = result.Rows.GroupBy(r => string.Join('\u001F', r.Take(3)), StringComparer.Ordinal).Select(g => g.Count()).ToArray();
                var n = result.Rows.Count;
                Assert.Equal(n == 0 ? 0 : 1d / sizes.Min(), result.Risk.ProsecutorMaxRisk, 12);
                var classOf = result.Rows.GroupBy(r => string.Join('\u001F', r.Take(3)), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                Assert.Equal(n == 0 ? 0 : result.Rows.Average(r => 1d / classOf[string.Join('\u001F', r.Take(3))]), result.Risk.ProsecutorMeanRisk, 12);
                Assert.Equal(n == 0 ? 0 : (double)sizes.Where(s => 1d / s > 0.2).Sum() / n, result.Risk.RecordsAtRisk, 12);
                Assert.Equal(result.Risk.ProsecutorMeanRisk, result.Risk.MarketerRisk, 12);
            }
        });

    private static Dataset Categories(params (string Value, int Count)[] groups)
    {
        var data = new Dataset(["g"]);
        foreach (var (value, count) in groups)
        {
            for (var i = 0; i < count; i++)
            {
                data.Add(value);
            }
        }

        return data;
    }

    private static Arbitrary<(Dataset Data, int K, int? L)> Cases()
    {
        var row =
            from age in Gen.Choose(6, 18)
            from sex in Gen.Elements("F", "M")
            from school in Gen.Elements("School 1", "School 2", "School 3", "School 4")
            from score in Gen.Choose(0, 4)
            select (age, sex, school, score);
        var gen =
            from rows in Gen.ListOf(row).Select(r => r.Take(60).ToArray())
            from k in Gen.Choose(1, 5)
            from l in Gen.Elements<int?>(null, null, 2)
            select (ToData(rows), k, l);
        return Arb.From(gen);

        static Dataset ToData((int Age, string Sex, string School, int Score)[] rows)
        {
            var data = new Dataset(["id", "age", "sex", "school", "score"]);
            for (var i = 0; i < rows.Length; i++)
            {
                var (age, sex, school, score) = rows[i];
                data.Add("p" + i.ToString(CultureInfo.InvariantCulture), age.ToString(CultureInfo.InvariantCulture), sex, school, score.ToString(CultureInfo.InvariantCulture));
            }

            return data;
        }
    }
}
