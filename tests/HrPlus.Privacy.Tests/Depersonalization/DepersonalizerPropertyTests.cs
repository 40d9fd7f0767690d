using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Depersonalization;

namespace HrPlus.Privacy.Tests.Depersonalization;

/// <summary>
/// Random datasets against the models and against a naive model of the whole search: every lattice node grouped by
/// strings with LINQ, checked, scored, and the best one picked.
/// </summary>
public sealed class DepersonalizerPropertyTests
{
    internal static readonly Dictionary<string, string> Schools = new()
    {
        ["School 1"] = "District A",
        ["School 2"] = "District A",
        ["School 3"] = "District B",
        ["School 4"] = "District B",
        ["District A"] = "City",
        ["District B"] = "City",
    };

    private static readonly string[] Quasi = ["age", "sex", "school"];

    [Property(MaxTest = 150)]
    public Property Anonymize_RandomDatasets_MeetModelsOrFailAsTheNaiveModelSays() =>
        Prop.ForAll(Cases(), c =>
        {
            var (data, options) = c;
            var hierarchies = new[] { Hierarchy.Intervals(2, 4, 8), Hierarchy.Categorical(), Hierarchy.Tree(Schools) };
            var schema = new DatasetSchema()
                .DirectIdentifier("id", subjectId: true)
                .QuasiIdentifier("age", hierarchies[0])
                .QuasiIdentifier("sex", hierarchies[1])
                .QuasiIdentifier("school", hierarchies[2])
                .Sensitive("score")
                .Insensitive("form");
            var expected = NaiveOptimum(data, hierarchies, options);
            DepersonalizationResult result;
            try
            {
                result = Anonymizer.Run(data, schema, options, null, out _);
            }
            catch (DepersonalizationException e)
            {
                // Fails exactly when no node passes, even the top one.
                Assert.Equal(DepersonalizationError.SuppressionLimitExceeded, e.Error);
                Assert.Null(expected);
                return;
            }

            Assert.NotNull(expected);
            Assert.Equal(expected.Value.Levels, Quasi.Select(q => result.Levels[q]).ToArray());
            Assert.Equal(expected.Value.Discernibility, result.Discernibility);

            // No direct identifier: the column is gone and no output value is an id.
            Assert.Equal(["age", "sex", "school", "score", "form"], result.Columns);
            var ids = data.Rows.Select(r => r[0]).ToHashSet();
            Assert.DoesNotContain(result.Rows.SelectMany(r => r), ids.Contains);

            // Suppression within the limit, and rows accounted for.
            Assert.Equal(data.RowCount, result.Rows.Count + result.SuppressedRowCount);
            Assert.True(result.SuppressedRowCount <= Math.Floor((options.MaxSuppression * data.RowCount) + 1e-9));

            // Every class has at least k rows, l distinct scores and is t-close.
            var global = Distribution(data.Rows.Select(r => r[4]).ToList(), data.Rows.Select(r => r[4]));
            foreach (var group in result.Rows.GroupBy(r => string.Join("|", r.Take(3))))
            {
                Assert.True(group.Count() >= options.K);
                Assert.True(group.Select(r => r[3]).Distinct().Count() >= (options.L ?? 0));
                if (options.T is { } t)
                {
                    Assert.True(Distance(Distribution(group.Select(r => r[3]).ToList(), data.Rows.Select(r => r[4])), global) <= t + 1e-9);
                }
            }

            // No invented values: each quasi-identifier value is the generalization of an input value at the chosen level,
            // and sensitive and plain values are input values.
            for (var j = 0; j < 3; j++)
            {
                var allowed = data.Rows.Select(r => hierarchies[j].Generalize(r[j + 1], result.Levels[Quasi[j]])).ToHashSet();
                Assert.All(result.Rows, r => Assert.Contains(r[j], allowed));
            }

            var scores = data.Rows.Select(r => r[4]).ToHashSet();
            Assert.All(result.Rows, r => Assert.Contains(r[3], scores));
            Assert.All(result.Rows, r => Assert.Equal("v2", r[4]));
        });

    private static Arbitrary<(Dataset Data, AnonymizationOptions Options)> Cases()
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
            from l in Gen.Elements<int?>(null, null, 1, 2, 3)
            from t in Gen.Elements<double?>(null, null, 0.15, 0.3, 0.5)
            from limit in Gen.Elements(0, 0.05, 0.2, 1)
            from metric in Gen.Elements(InformationLossMetric.Discernibility, InformationLossMetric.Height)
            select (Build(rows), new AnonymizationOptions { K = k, L = l, T = t, MaxSuppression = limit, Metric = metric });
        return Arb.From(gen);

        static Dataset Build((int Age, string Sex, string School, int Score)[] rows)
        {
            var data = new Dataset(["id", "age", "sex", "school", "score", "form"]);
            for (var i = 0; i < rows.Length; i++)
            {
                data.Add("pupil-" + i.ToString(CultureInfo.InvariantCulture), rows[i].Age.ToString(CultureInfo.InvariantCulture), rows[i].Sex, rows[i].School, rows[i].Score.ToString(CultureInfo.InvariantCulture), "v2");
            }

            return data;
        }
    }

    /// <summary>Every node, grouped by strings; the best passing one by the options' metric and tie-breaks, or null.</summary>
    private static (int[] Levels, long Discernibility)? NaiveOptimum(Dataset data, Hierarchy[] hierarchies, AnonymizationOptions options)
    {
        var n = data.RowCount;
        var limit = (int)Math.Floor((options.MaxSuppression * n) + 1e-9);
        var global = Distribution(data.Rows.Select(r => r[4]).ToList(), data.Rows.Select(r => r[4]));
        (int[] Levels, long Dm, int Height)? best = null;
        foreach (var a in Enumerable.Range(0, hierarchies[0].Height + 1))
        {
            foreach (var s in Enumerable.Range(0, hierarchies[1].Height + 1))
            {
                foreach (var sc in Enumerable.Range(0, hierarchies[2].Height + 1))
                {
                    int[] levels = [a, s, sc];
                    var suppressed = 0;
                    long dm = 0;
                    foreach (var group in data.Rows.GroupBy(r => string.Join("|", Enumerable.Range(0, 3).Select(j => hierarchies[j].Generalize(r[j + 1], levels[j])))))
                    {
                        var scores = group.Select(r => r[4]).ToList();
                        var ok = scores.Count >= options.K
                            && scores.Distinct().Count() >= (options.L ?? 0)
                            && (options.T is not { } t || Distance(Distribution(scores, data.Rows.Select(r => r[4])), global) <= t + 1e-12);
                        suppressed += ok ? 0 : scores.Count;
                        dm += ok ? (long)scores.Count * scores.Count : 0;
                    }

                    if (suppressed > limit)
                    {
                        continue;
                    }

                    dm += (long)suppressed * n;
                    var height = levels.Sum();
                    var key = options.Metric == InformationLossMetric.Height ? (height, dm) : (dm, (long)height);
                    if (best is null || key.CompareTo(options.Metric == InformationLossMetric.Height ? (best.Value.Height, best.Value.Dm) : (best.Value.Dm, (long)best.Value.Height)) < 0)
                    {
                        best = (levels, dm, height); // nodes come in lexicographic order, so the first of equals stays
                    }
                }
            }
        }

        return best is null ? null : (best.Value.Levels, best.Value.Dm);
    }

    /// <summary>The share of each score 0 to 4 that occurs in the whole table, in numeric order.</summary>
    private static double[] Distribution(List<string> values, IEnumerable<string> domain)
    {
        var ordered = domain.Distinct().OrderBy(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
        return [.. ordered.Select(v => (double)values.Count(x => x == v) / values.Count)];
    }

    private static double Distance(double[] p, double[] q)
    {
        if (p.Length < 2)
        {
            return 0;
        }

        double cumulative = 0, sum = 0;
        for (var i = 0; i < p.Length - 1; i++)
        {
            cumulative += p[i] - q[i];
            sum += Math.Abs(cumulative);
        }

        return sum / (p.Length - 1);
    }
}
