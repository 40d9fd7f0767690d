using HrPlus.Privacy.Depersonalization;
using static HrPlus.Privacy.Tests.Depersonalization.DepersonalizationFixtures;

namespace HrPlus.Privacy.Tests.Depersonalization;

/// <summary>
/// The eight pupils of <see cref="DepersonalizationFixtures.Pupils"/>, worked by hand. Quasi-identifiers: age (level 0
/// the age, 1 a 5-year band, 2 a 10-year band, 3 *) and sex (0 kept, 1 *): a lattice of 4 × 2 nodes. Classes per node:
/// <code>
/// (age, sex)  classes (sizes)                                  k = 2        k = 3
/// (0, 0)      8 singletons                                     fails        fails
/// (0, 1)      8 singletons                                     fails        fails
/// (1, 0)      [10,15)F 2, [10,15)M 2, [15,20)F 2,              2 rows out   8 rows out
///             [15,20)M 1 (p7), [20,25)M 1 (p8)
/// (1, 1)      [10,15) 4, [15,20) 3, [20,25) 1 (p8)             1 row out    1 row out
/// (2, 0)      [10,20)F 4, [10,20)M 3, [20,30)M 1 (p8)          1 row out    1 row out
/// (2, 1)      [10,20) 7, [20,30) 1 (p8)                        1 row out    1 row out
/// (3, 0)      *F 4, *M 4                                       none out     none out
/// (3, 1)      * 8                                              none out     none out
/// </code>
/// Discernibility = Σ size² over kept classes + 8 per suppressed row.
/// </summary>
public sealed class DepersonalizerKnownAnswerTests
{
    [Fact]
    public void Anonymize_K2NoSuppression_OptimumIsAgeSuppressedSexKept()
    {
        // Only (3, 0) and (3, 1) pass with no suppression; (3, 0) has DM 4² + 4² = 32 < 64.
        var result = Run(Pupils(), PupilSchema(), new AnonymizationOptions { K = 2, MaxSuppression = 0 });

        Assert.Equal(new Dictionary<string, int> { ["age"] = 3, ["sex"] = 0 }, result.Levels);
        Assert.Equal(["age", "sex", "score"], result.Columns);
        Assert.Equal(
            [["*", "F", "1"], ["*", "F", "3"], ["*", "F", "5"], ["*", "F", "5"], ["*", "M", "2"], ["*", "M", "3"], ["*", "M", "4"], ["*", "M", "4"]],
            Sorted(result));
        Assert.Equal((0, 2, 4, 32L, 3), (result.SuppressedRowCount, result.ClassCount, result.SmallestClassSize, result.Discernibility, result.Height));
        Assert.Equal(0.75, result.RelativeHeight);
        Assert.Equal(["k-anonymity(k=2)"], result.ModelsMet);
        Assert.Equal(8, result.LatticeSize);
    }

    [Fact]
    public void Anonymize_K2QuarterSuppression_OptimumIsFiveYearBandsWithTwoRowsOut()
    {
        // Limit 2 rows. DM: (1,0) 4+4+4 + 2·8 = 28; (1,1) 16+9+8 = 33; (2,0) 33; (2,1) 49+8 = 57; (3,0) 32; (3,1) 64.
        var result = Run(Pupils(), PupilSchema(), new AnonymizationOptions { K = 2, MaxSuppression = 0.25 });

        Assert.Equal(new Dictionary<string, int> { ["age"] = 1, ["sex"] = 0 }, result.Levels);
        Assert.Equal(
            [["[10, 15)", "F", "3"], ["[10, 15)", "F", "5"], ["[10, 15)", "M", "2"], ["[10, 15)", "M", "4"], ["[15, 20)", "F", "1"], ["[15, 20)", "F", "5"]],
            Sorted(result));
        Assert.Equal((2, 3, 2, 28L), (result.SuppressedRowCount, result.ClassCount, result.SmallestClassSize, result.Discernibility));
    }

    [Fact]
    public void Anonymize_K3HalfSuppression_MetricsChooseDifferentNodes()
    {
        // Limit 4 rows; (1,0) fails (every class under 3). Discernibility: (3,0) 32 beats (1,1) and (2,0) at 33.
        var byDiscernibility = Run(Pupils(), PupilSchema(), new AnonymizationOptions { K = 3, MaxSuppression = 0.5 });
        Assert.Equal(new Dictionary<string, int> { ["age"] = 3, ["sex"] = 0 }, byDiscernibility.Levels);
        Assert.Equal((0, 32L), (byDiscernibility.SuppressedRowCount, byDiscernibility.Discernibility));

        // Height: (1,1) and (2,0) both have height 2 and DM 33; the tie goes to the lexicographically lower (1,1).
        var byHeight = Run(Pupils(), PupilSchema(), new AnonymizationOptions { K = 3, MaxSuppression = 0.5, Metric = InformationLossMetric.Height });
        Assert.Equal(new Dictionary<string, int> { ["age"] = 1, ["sex"] = 1 }, byHeight.Levels);
        Assert.Equal((1, 33L, 2), (byHeight.SuppressedRowCount, byHeight.Discernibility, byHeight.Height));
        Assert.Equal(
            ["[10, 15)", "[10, 15)", "[10, 15)", "[10, 15)", "[15, 20)", "[15, 20)", "[15, 20)"],
            byHeight.Rows.Select(r => r[0]).Order(StringComparer.Ordinal).ToArray());

        // Pruning: under Height nothing above the passing layer is evaluated: layers 0, 1 and 2 hold 1 + 2 + 2 nodes. Under
        // discernibility (3,1) is skipped: its predecessor (2,1) already keeps a class of 7, so its DM is at least 49 > 32.
        Assert.Equal(5, byHeight.NodesEvaluated);
        Assert.Equal(7, byDiscernibility.NodesEvaluated);
    }

    [Fact]
    public void Anonymize_DistinctLDiversity_MovesOffTheNodeWhoseClassHasOneScore()
    {
        // p1 and p2 both score 5: at (1,0) class [10,15)F has one distinct score and joins p7 and p8 out: 4 rows > 2.
        // (1,1) [10,15) {5,5,4,2}, [15,20) {5,1,3}, p8 out: DM 33; (2,0) F {5,5,5,1}, M {4,2,3}, p8 out: DM 33; (3,0) 32 but
        // *F {5,5,5,1} and *M {4,2,3,4} pass too, so (3,0) wins on discernibility.
        var scores = new[] { "5", "5", "4", "2", "5", "1", "3", "4" };
        var result = Run(Pupils(scores), PupilSchema(), new AnonymizationOptions { K = 2, L = 2, MaxSuppression = 0.25 });
        Assert.Equal(new Dictionary<string, int> { ["age"] = 3, ["sex"] = 0 }, result.Levels);
        Assert.Equal(["k-anonymity(k=2)", "distinct-l-diversity(l=2)"], result.ModelsMet);

        var withoutL = Run(Pupils(scores), PupilSchema(), new AnonymizationOptions { K = 2, MaxSuppression = 0.25 });
        Assert.Equal(new Dictionary<string, int> { ["age"] = 1, ["sex"] = 0 }, withoutL.Levels);

        // l = 4: *F has {5,1} and *M {4,2,3}: (3,0) fails; (3,1) has 5 distinct scores and is the only node left.
        var l4 = Run(Pupils(scores), PupilSchema(), new AnonymizationOptions { K = 2, L = 4, MaxSuppression = 0 });
        Assert.Equal(new Dictionary<string, int> { ["age"] = 3, ["sex"] = 1 }, l4.Levels);
    }

    [Fact]
    public void Anonymize_TCloseness_KeepsEachClassNearTheWholeDistribution()
    {
        // Scores 1..5 over the whole table: 1:1, 2:1, 3:2, 4:2, 5:2 (of 8). At (3,0): *F {3,5,5,1} and *M {4,2,3,4}.
        // *F: cumulative differences over 1..4 are 1/4-1/8, 1/4-2/8, 2/4-4/8, 2/4-6/8 → |1/8|+0+0+|-1/4| = 3/8, / 4 = 0.09375.
        // *M: 0-1/8, 1/4-2/8, 2/4-4/8, 1-6/8 → 1/8+0+0+1/4 = 3/8, / 4 = 0.09375. So t = 0.09 fails (3,0); t = 0.1 passes it.
        var tight = Run(Pupils(), PupilSchema(), new AnonymizationOptions { K = 2, T = 0.09, MaxSuppression = 0 });
        Assert.Equal(new Dictionary<string, int> { ["age"] = 3, ["sex"] = 1 }, tight.Levels);

        var loose = Run(Pupils(), PupilSchema(), new AnonymizationOptions { K = 2, T = 0.1, MaxSuppression = 0 });
        Assert.Equal(new Dictionary<string, int> { ["age"] = 3, ["sex"] = 0 }, loose.Levels);
        Assert.Equal(["k-anonymity(k=2)", "t-closeness(t=0.1, ordered distance)"], loose.ModelsMet);
    }

    [Fact]
    public void Anonymize_KLargerThanTheTable_FailsWithSuppressionLimitExceeded()
    {
        var error = Assert.Throws<DepersonalizationException>(() => Run(Pupils(), PupilSchema(), new AnonymizationOptions { K = 9, MaxSuppression = 0.5 }));
        Assert.Equal(DepersonalizationError.SuppressionLimitExceeded, error.Error);
        Assert.Contains("raise MaxSuppression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anonymize_SchemaMismatch_FailsWithInvalidSchemaNamingTheColumn()
    {
        var undescribed = Assert.Throws<DepersonalizationException>(() => Run(
            Pupils(), new DatasetSchema().QuasiIdentifier("age", Hierarchy.Age()).QuasiIdentifier("sex", Hierarchy.Categorical()).Sensitive("score"), new AnonymizationOptions()));
        Assert.Equal(DepersonalizationError.InvalidSchema, undescribed.Error);
        Assert.Contains("'id'", undescribed.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<DepersonalizationException>(() => Run(Pupils(), PupilSchema().Insensitive("school"), new AnonymizationOptions()));
        Assert.Contains("'school'", missing.Message, StringComparison.Ordinal);

        var noSensitive = new DatasetSchema().DirectIdentifier("id").QuasiIdentifier("age", Hierarchy.Age()).QuasiIdentifier("sex", Hierarchy.Categorical()).Insensitive("score");
        Assert.Equal(DepersonalizationError.InvalidSchema, Assert.Throws<DepersonalizationException>(() => Run(Pupils(), noSensitive, new AnonymizationOptions { L = 2 })).Error);
        Assert.Throws<ArgumentException>(() => Run(Pupils(), PupilSchema(), new AnonymizationOptions { K = 0 }));
        Assert.Throws<ArgumentException>(() => Run(Pupils(), PupilSchema(), new AnonymizationOptions { MaxSuppression = 1.5 }));
    }

    [Fact]
    public void Anonymize_ValueOutsideHierarchy_FailsWithoutEchoingTheValue()
    {
        var data = new Dataset(["age", "sex"]).Add("12", "F").Add("twelve-and-a-bit", "M");
        var error = Assert.Throws<DepersonalizationException>(() => Run(data, new DatasetSchema().QuasiIdentifier("age", Hierarchy.Age()).QuasiIdentifier("sex", Hierarchy.Categorical()), new AnonymizationOptions { K = 1 }));
        Assert.Equal(DepersonalizationError.ValueOutsideHierarchy, error.Error);
        Assert.Contains("'age'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("twelve", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anonymize_LatticeOverTheLimit_FailsWithLatticeTooLarge()
    {
        // Eight birth-date columns: 5^8 = 390,625 nodes, over the 100,000 the search examines.
        var columns = Enumerable.Range(0, 8).Select(i => "d" + i).ToArray();
        var data = new Dataset(columns).Add([.. columns.Select(_ => "2012-01-01")]);
        var schema = new DatasetSchema();
        foreach (var column in columns)
        {
            schema.QuasiIdentifier(column, Hierarchy.BirthDate());
        }

        var error = Assert.Throws<DepersonalizationException>(() => Run(data, schema, new AnonymizationOptions { K = 1 }));
        Assert.Equal(DepersonalizationError.LatticeTooLarge, error.Error);

        // Seven are fine: 78,125 nodes, and with k = 1 the bottom node already passes.
        var seven = new DatasetSchema();
        foreach (var column in columns.Take(7))
        {
            seven.QuasiIdentifier(column, Hierarchy.BirthDate());
        }

        var result = Run(new Dataset(columns.Take(7)).Add([.. columns.Take(7).Select(_ => "2012-01-01")]), seven, new AnonymizationOptions { K = 1 });
        Assert.Equal(78_125, result.LatticeSize);
        Assert.All(result.Levels.Values, level => Assert.Equal(0, level));
    }
}
