using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Depersonalization;

namespace HrPlus.Privacy.Tests.Depersonalization;

/// <summary>τ-Argus-style protection intervals: each hidden cell's reported range is exact and at least the interval.</summary>
public sealed class ProtectionIntervalTests
{
    [Fact]
    public void Aggregate_WithoutAnInterval_AHiddenOneCanBeKnownToLieInAnArrowRange()
    {
        // 7A: 1 and 9 in a 2 x 2 table; k = 3 hides the 1 and, to protect it, the cells of one cycle.
        var report = Aggregator.Run(Table(new[,] { { 1, 9 }, { 9, 9 } }), new AggregateRequest { RowColumn = "class", ColumnColumn = "band", K = 3 });
        var cell = report.Cells[0][0];

        Assert.True(cell.IsHidden);
        Assert.Equal(1, cell.FeasibleMin);
        Assert.True(cell.FeasibleMax - cell.FeasibleMin >= 1);
        Assert.Null(report.Cells[0][0].Count);
        Assert.Null(report.GrandTotal.FeasibleMin); // published cells have no range
    }

    // The worked table of AggregateReportTests (k = 3): 7A-medium, 7A-high, 7C-medium and 7C-high are hidden and move together
    // with one degree of freedom t = 7A-high: 7A-medium = 5 - t, 7C-high = 5 - t, 7C-medium = 1 + t, all at least 1, so
    // t is 1 to 4. Risk: published cells count as themselves (5 cells, 29 records, each f / f = 1); hidden cells as their
    // least: 4/1 + 1/1 + 2/2 + 4/1 = 10. Prosecutor mean (5 + 10) / 40 = 0.375, max 1 / 1; at risk (1 / least > 1/3): the
    // 11 records of the hidden cells.
    [Fact]
    public void Aggregate_WorkedTable_RangesAndRiskAreTheHandWorkedOnes()
    {
        var report = Aggregator.Run(Table(new[,] { { 6, 4, 1 }, { 5, 7, 3 }, { 8, 2, 4 } }), new AggregateRequest { RowColumn = "class", ColumnColumn = "band", K = 3 });

        Assert.Equal((1L, 4L), (report.Cells[0][2].FeasibleMin!.Value, report.Cells[0][2].FeasibleMax!.Value));
        Assert.Equal((1L, 4L), (report.Cells[0][1].FeasibleMin!.Value, report.Cells[0][1].FeasibleMax!.Value));
        Assert.Equal((2L, 5L), (report.Cells[2][1].FeasibleMin!.Value, report.Cells[2][1].FeasibleMax!.Value));
        Assert.Equal((1L, 4L), (report.Cells[2][2].FeasibleMin!.Value, report.Cells[2][2].FeasibleMax!.Value));
        Assert.Equal(4, Hidden(report).Count());
        Assert.Equal((1.0, 0.375, 0.375), (report.Risk.ProsecutorMaxRisk, report.Risk.ProsecutorMeanRisk, report.Risk.MarketerRisk));
        Assert.Equal((11, 0.275), (report.Risk.RecordsAtRiskCount, report.Risk.RecordsAtRisk));
        Assert.Equal(1d / 3, report.Risk.Threshold);

        var csv = new StringWriter();
        DepersonalizedExport.WriteReportCsv(report, csv);
        Assert.Equal(
            "item,value\r\nk,3\r\nhidden-cells,4\r\nrisk:prosecutor-max,1\r\nrisk:prosecutor-mean,0.375\r\nrisk:marketer,0.375\r\n" +
            "risk:threshold,0.333333\r\nrisk:records-at-risk,0.275\r\n",
            csv.ToString());
    }

    [Fact]
    public void Aggregate_AbsoluteInterval_WidensEveryHiddenRange()
    {
        var counts = new[,] { { 1, 9, 8 }, { 9, 9, 7 }, { 6, 5, 9 } };
        var narrow = Aggregator.Run(Table(counts), new AggregateRequest { RowColumn = "class", ColumnColumn = "band", K = 3 });
        var wide = Aggregator.Run(Table(counts), new AggregateRequest { RowColumn = "class", ColumnColumn = "band", K = 3, ProtectionInterval = 5 });

        Assert.True(Hidden(wide).Count() >= Hidden(narrow).Count());
        Assert.All(Hidden(wide), c => Assert.True(c.FeasibleMax - c.FeasibleMin >= 5, $"range [{c.FeasibleMin}, {c.FeasibleMax}]"));
        AssertExact(wide, counts);
    }

    [Fact]
    public void Aggregate_ShareInterval_IsCountedFromEachHiddenCell()
    {
        var counts = new[,] { { 2, 9, 8 }, { 9, 9, 7 }, { 6, 5, 9 } };
        var report = Aggregator.Run(Table(counts), new AggregateRequest { RowColumn = "class", ColumnColumn = "band", K = 3, ProtectionIntervalShare = 0.5 });

        Assert.All(Hidden(report), c => Assert.True(c.FeasibleMax - c.FeasibleMin >= Math.Max(1, Math.Ceiling(0.5 * Value(report, counts, c)))));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, -0.1)]
    [InlineData(0, double.NaN)]
    public void Aggregate_InvalidInterval_IsRefused(int absolute, double share) =>
        Assert.Throws<ArgumentException>(() => Aggregator.Run(
            Table(new[,] { { 1, 9 } }), new AggregateRequest { RowColumn = "class", ColumnColumn = "band", ProtectionInterval = absolute, ProtectionIntervalShare = share }));

    /// <summary>
    /// Random tables up to 5 x 6 with random intervals: for every hidden cell a brute-force search finds a table agreeing
    /// with everything published (hidden counts at least 1) with the cell at its reported least and at its reported greatest
    /// value, and none with it one beyond either end; the range is at least the interval.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property Aggregate_RandomTables_RangesAreExactAndAtLeastTheInterval() =>
        Prop.ForAll(Tables(), t =>
        {
            var (counts, k, absolute, share) = t;
            AggregateReport report;
            try
            {
                report = Aggregator.Run(Table(counts), new AggregateRequest { RowColumn = "class", ColumnColumn = "band", K = k, ProtectionInterval = absolute, ProtectionIntervalShare = share });
            }
            catch (DepersonalizationException e) when (e.Error == DepersonalizationError.CannotProtectTable)
            {
                return;
            }

            foreach (var (cell, value) in Hidden(report).Select(c => (c, Value(report, counts, c))))
            {
                // No upper end (the grand total had to be hidden too) is wider than any interval.
                Assert.True(cell.FeasibleMax is null || cell.FeasibleMax - cell.FeasibleMin >= Math.Max(1, Math.Max(absolute, (long)Math.Ceiling((share * value) - 1e-9))));
            }

            AssertExact(report, counts);
        });

    private static void AssertExact(AggregateReport report, int[,] counts)
    {
        var published = TableSolver.Published(report);
        var rows = published.GetLength(0);
        var columns = published.GetLength(1);

        var truth = new long[rows, columns];
        for (var a = 0; a < rows; a++)
        {
            for (var b = 0; b < columns; b++)
            {
                truth[a, b] = Value(report, counts, At(report, a, b));
            }
        }

        // With the grand total published no count exceeds it; with it hidden, counts may exceed the true total.
        var bound = published[rows - 1, columns - 1] ?? (4L * counts.Cast<int>().Sum());
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                var cell = At(report, i, j);
                if (!cell.IsHidden)
                {
                    continue;
                }

                if (cell.FeasibleMax is null)
                {
                    // Unbounded: the grand total is hidden, and the cell can exceed even the true total.
                    Assert.Null(published[rows - 1, columns - 1]);

                    // Never "infeasible"; null (the exhaustive search ran out of steps on a large table, as a 5 x 5 one did
                    // in a full run) proves nothing either way, as for the bounded cells below.
                    Assert.NotEqual(false, IntervalSearch.Feasible(published, i, j, cell.FeasibleMin!.Value, bound, truth));
                    Assert.NotEqual(false, IntervalSearch.Feasible(published, i, j, (bound / 4) + 1, bound, truth));
                    Assert.NotEqual(true, IntervalSearch.Feasible(published, i, j, cell.FeasibleMin.Value - 1, bound, truth, budget: 200_000));
                    continue;
                }

                var shown = string.Join(" / ", Enumerable.Range(0, rows).Select(a => string.Join(",", Enumerable.Range(0, columns).Select(b => published[a, b]?.ToString(CultureInfo.InvariantCulture) ?? "?"))));
                // Both ends are reachable: never "infeasible". The exhaustive search may run out of its 2,000,000 steps on a
                // large random table (null, proves nothing either way: a fresh-clone CI run met one, a 4 x 5 table).
                Assert.NotEqual((i, j, "least", false, shown), (i, j, "least", IntervalSearch.Feasible(published, i, j, cell.FeasibleMin!.Value, bound, truth), shown));
                Assert.NotEqual((i, j, "greatest", cell.FeasibleMax, false, shown), (i, j, "greatest", cell.FeasibleMax, IntervalSearch.Feasible(published, i, j, cell.FeasibleMax!.Value, bound, truth), shown));

                // Beyond the ends there is nothing (null: the exhaustive search ran out of steps, which proves nothing either way).
                Assert.NotEqual(true, IntervalSearch.Feasible(published, i, j, cell.FeasibleMin.Value - 1, bound, truth, budget: 200_000));
                Assert.NotEqual(true, IntervalSearch.Feasible(published, i, j, cell.FeasibleMax.Value + 1, bound, truth, budget: 200_000));
            }
        }
    }

    private static AggregateCell At(AggregateReport report, int i, int j)
    {
        var rows = report.RowLabels.Count;
        var columns = report.ColumnLabels.Count;
        return i < rows && j < columns ? report.Cells[i][j] : i < rows ? report.RowTotals[i] : j < columns ? report.ColumnTotals[j] : report.GrandTotal;
    }

    private static IEnumerable<AggregateCell> Hidden(AggregateReport report) =>
        report.Cells.SelectMany(r => r).Concat(report.RowTotals).Concat(report.ColumnTotals).Append(report.GrandTotal).Where(c => c.IsHidden);

    private static long Value(AggregateReport report, int[,] counts, AggregateCell cell)
    {
        var rows = report.RowLabels.Count;
        var columns = report.ColumnLabels.Count;
        for (var i = 0; i <= rows; i++)
        {
            for (var j = 0; j <= columns; j++)
            {
                if (ReferenceEquals(At(report, i, j), cell))
                {
                    return Enumerable.Range(0, counts.GetLength(0)).Where(a => i == rows || LabelOf(a) == report.RowLabels[i])
                        .Sum(a => Enumerable.Range(0, counts.GetLength(1)).Where(b => j == columns || BandOf(b) == report.ColumnLabels[j]).Sum(b => counts[a, b]));
                }
            }
        }

        throw new InvalidOperationException("not a cell of the report");
    }

    private static string LabelOf(int row) => "c" + row.ToString("00", CultureInfo.InvariantCulture);

    private static string BandOf(int column) => "b" + column.ToString("00", CultureInfo.InvariantCulture);

    private static Dataset Table(int[,] counts)
    {
        var data = new Dataset(["class", "band"]);
        for (var i = 0; i < counts.GetLength(0); i++)
        {
            for (var j = 0; j < counts.GetLength(1); j++)
            {
                for (var n = 0; n < counts[i, j]; n++)
                {
                    data.Add(LabelOf(i), BandOf(j));
                }
            }
        }

        return data;
    }

    private static Arbitrary<(int[,] Counts, int K, int Absolute, double Share)> Tables()
    {
        var gen =
            from rows in Gen.Choose(1, 5)
            from columns in Gen.Choose(1, 6)
            from cells in Gen.ArrayOf(Gen.Frequency((2, Gen.Choose(1, 2)), (3, Gen.Choose(3, 9))), rows * columns)
            from k in Gen.Choose(2, 4)
            from absolute in Gen.Choose(0, 4)
            from share in Gen.Elements(0.0, 0.0, 0.5, 1.0)
            select (To2D(cells, rows, columns), k, absolute, share);
        return Arb.From(gen);

        static int[,] To2D(int[] cells, int rows, int columns)
        {
            var counts = new int[rows, columns];
            for (var i = 0; i < cells.Length; i++)
            {
                counts[i / columns, i % columns] = cells[i];
            }

            return counts;
        }
    }
}
