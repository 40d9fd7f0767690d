using System.Globalization;
using HrPlus.Privacy.Depersonalization;
using Microsoft.Extensions.DependencyInjection;
using static HrPlus.Privacy.Tests.Depersonalization.DepersonalizationFixtures;

namespace HrPlus.Privacy.Tests.Depersonalization;

/// <summary>The roster-order attack: a recipient who knows the input order must learn nothing from the release order.</summary>
public sealed class ReleaseOrderTests
{
    /// <summary>
    /// 200 distinct rows released unchanged (k = 1): were the order kept, row i of the release would be pupil i of the
    /// roster. The Spearman correlation of input and output positions of a random permutation has standard deviation
    /// 1/√199 ≈ 0.071; the bound is 5 of them (a false alarm about once in 1.7 million runs). Fixed points of a random
    /// permutation are Poisson(1); more than 8 happens about once in a million runs.
    /// </summary>
    [Fact]
    public async Task AnonymizeAsync_ReleaseOrder_IsUncorrelatedWithTheInputOrder()
    {
        await using var services = Services();
        var data = new Dataset(["id", "age", "score"]);
        for (var i = 0; i < 200; i++)
        {
            data.Add("p" + i.ToString(CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture), (i % 7).ToString(CultureInfo.InvariantCulture));
        }

        var schema = new DatasetSchema().DirectIdentifier("id").QuasiIdentifier("age", Hierarchy.Intervals(5)).Sensitive("score");

        var result = await services.GetRequiredService<IDepersonalizer>().AnonymizeAsync(data, schema, new AnonymizationOptions { K = 1, MaxSuppression = 0 }, Release);

        Assert.Equal(200, result.Rows.Count);
        var inputPosition = result.Rows.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Enumerable.Range(0, 200), inputPosition.Order());
        Assert.InRange(Spearman(inputPosition), -5 / Math.Sqrt(199), 5 / Math.Sqrt(199));
        Assert.InRange(Enumerable.Range(0, 200).Count(i => inputPosition[i] == i), 0, 8);
    }

    [Fact]
    public void Run_TwoRunsOfTheSameData_ReleaseTheSameRowsInDifferentOrders()
    {
        var data = new Dataset(["age"]);
        for (var i = 0; i < 100; i++)
        {
            data.Add(i.ToString(CultureInfo.InvariantCulture));
        }

        var schema = new DatasetSchema().QuasiIdentifier("age", Hierarchy.Intervals(5));
        var first = Run(data, schema, new AnonymizationOptions { K = 1 }).Rows.Select(r => r[0]).ToArray();
        var second = Run(data, schema, new AnonymizationOptions { K = 1 }).Rows.Select(r => r[0]).ToArray();

        Assert.Equal(first.Order(StringComparer.Ordinal), second.Order(StringComparer.Ordinal));
        Assert.NotEqual(first, second); // equal with probability 1/100!
    }

    private static double Spearman(int[] outputToInput)
    {
        var n = outputToInput.Length;
        double d2 = 0;
        for (var i = 0; i < n; i++)
        {
            d2 += (double)(outputToInput[i] - i) * (outputToInput[i] - i);
        }

        return 1 - (6 * d2 / ((double)n * ((n * n) - 1)));
    }
}
