using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Depersonalization;

namespace HrPlus.Privacy.Tests.Depersonalization;

public sealed class AggregateReportTests
{
    // Classes × anxiety band, k = 3:
    //          low  medium  high | total
    //   7A       6       4     1 |    11
    //   7B       5       7     3 |    15
    //   7C       8       2     4 |    14
    //   total   19      13     8 |    40
    // Primary: 7A-high (1) and 7C-medium (2). 7A-high sits alone in its row and column of hidden cells, so row 7A's total
    // gives it away; the cheapest cycle that protects it runs high → 7C (hide 7C-high, 4) → medium (7C-medium, hidden)
    // → 7A (hide 7A-medium, 4), cost 5 + 5 against 17 through 7B. Hidden: 7A-medium, 7A-high, 7C-medium, 7C-high.
    private static readonly int[,] Counts = { { 6, 4, 1 }, { 5, 7, 3 }, { 8, 2, 4 } };
    private static readonly string[] Classes = ["7A", "7B", "7C"];
    private static readonly string[] Bands = ["low", "medium", "high"];

    [Fact]
    public void Aggregate_WorkedTable_HidesPrimaryAndTheCheapestComplements()
    {
        var report = Aggregator.Run(Table(Counts), new AggregateRequest { RowColumn = "class", ColumnColumn = "anxiety", MeanColumns = ["motivation"], K = 3 });

        Assert.Equal(Classes, report.RowLabels);
        Assert.Equal(["high", "low", "medium"], report.ColumnLabels);
        var status = report.Cells.Select(r => string.Join(' ', r.Select(c => c.Suppression switch { CellSuppression.Primary => "P", CellSuppression.Complementary => "C", _ => "." }))).ToArray();
        Assert.Equal(["P . C", ". . .", "C . P"], status); // columns high, low, medium
        Assert.Equal((2, 2), (report.PrimarySuppressed, report.ComplementarySuppressed));
        Assert.Equal([6, 5, 8], report.Cells.Select(r => r[1].Count!.Value));
        Assert.Equal([11, 15, 14], report.RowTotals.Select(c => c.Count!.Value));
        Assert.Equal([8, 19, 13], report.ColumnTotals.Select(c => c.Count!.Value));
        Assert.Equal(40, report.GrandTotal.Count);
        Assert.All(report.Cells.SelectMany(r => r).Where(c => c.IsHidden), c => Assert.Equal([null], c.Means));

        // Motivation is 10 × row index + column index + position in the cell; 7A-low holds 0..5 → mean 2.5.
        Assert.Equal(2.5, report.Cells[0][1].Means[0]);
        var expectedTotal = Table(Counts).Rows.Average(r => double.Parse(r[2], CultureInfo.InvariantCulture));
        Assert.Equal(expectedTotal, report.GrandTotal.Means[0]!.Value, 10);
    }

    [Fact]
    public void Aggregate_WorkedTable_NoHiddenCellCanBeSolvedFor()
    {
        var report = Aggregator.Run(Table(Counts), new AggregateRequest { RowColumn = "class", ColumnColumn = "anxiety", K = 3 });
        var feasible = TableSolver.FeasibleValues(TableSolver.Published(report), bound: 41)!;

        // Hidden 7A-medium a, 7A-high b, 7C-medium c, 7C-high d: a + b = 5, c + d = 6, a + c = 6, b + d = 5, all ≥ 1 →
        // a = t, b = 5 - t, c = 6 - t, d = t for t = 1 .. 4.
        Assert.Equal([1L, 2, 3, 4], feasible[0, 0].Order());
        Assert.Equal([1L, 2, 3, 4], feasible[0, 2].Order());
        Assert.Equal([2L, 3, 4, 5], feasible[2, 2].Order());
        Assert.Equal([1L, 2, 3, 4], feasible[2, 0].Order());
    }

    [Fact]
    public void PrimarySuppressionAlone_LeavesTheSmallCellSolvable()
    {
        // The control that shows the solver has teeth: hide only the two small cells and 7A-high is pinned to 1 by row 7A.
        var published = new long?[4, 4];
        var value = new long[4, 4];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                value[i, j] = Counts[i, j];
                value[i, 3] += Counts[i, j];
                value[3, j] += Counts[i, j];
                value[3, 3] += Counts[i, j];
            }
        }

        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                published[i, j] = value[i, j];
            }
        }

        published[0, 2] = null;
        published[2, 1] = null;
        var feasible = TableSolver.FeasibleValues(published, bound: 41)!;
        Assert.Equal([1L], feasible[0, 2]);
        Assert.Equal([2L], feasible[2, 1]);
    }

    [Fact]
    public void Aggregate_OneWayTable_HidesTheSmallClassAmongOthers()
    {
        // Pupils per class, k = 5: A 12, B 3, C 9. B's cell (and its total, the same number) is small, and the grand total
        // 24 minus A and C would give it away, so the cheapest other class, C (9 < 12), is hidden too: then B + C = 12.
        var data = new Dataset(["class"]);
        foreach (var (cls, count) in new[] { ("A", 12), ("B", 3), ("C", 9) })
        {
            for (var i = 0; i < count; i++)
            {
                data.Add(cls);
            }
        }

        var report = Aggregator.Run(data, new AggregateRequest { RowColumn = "class", K = 5 });

        Assert.Equal([AggregateRequest.AllLabel], report.ColumnLabels);
        Assert.Equal([12, null, null], report.Cells.Select(r => r[0].Count));
        Assert.Equal([12, null, null], report.RowTotals.Select(c => c.Count));
        Assert.Equal(24, report.GrandTotal.Count);
        Assert.Equal((2, 2), (report.PrimarySuppressed, report.ComplementarySuppressed));
        var feasible = TableSolver.FeasibleValues(TableSolver.Published(report), bound: 25)!;
        Assert.Equal(Enumerable.Range(1, 11).Select(v => (long)v), feasible[1, 0].Order());
        Assert.Equal(Enumerable.Range(1, 11).Select(v => (long)v), feasible[2, 0].Order());
    }

    [Fact]
    public void Aggregate_OneWayTableWithTwoSmallClasses_NeedsNoComplement()
    {
        // A 12, B 3, C 9, D 1: B and D hide each other, B + D = 4 → each 1 to 3.
        var data = new Dataset(["class"]);
        foreach (var (cls, count) in new[] { ("A", 12), ("B", 3), ("C", 9), ("D", 1) })
        {
            for (var i = 0; i < count; i++)
            {
                data.Add(cls);
            }
        }

        var report = Aggregator.Run(data, new AggregateRequest { RowColumn = "class", K = 5 });

        Assert.Equal([12, null, 9, null], report.Cells.Select(r => r[0].Count));
        Assert.Equal((4, 0), (report.PrimarySuppressed, report.ComplementarySuppressed));
        var feasible = TableSolver.FeasibleValues(TableSolver.Published(report), bound: 26)!;
        Assert.Equal([1L, 2, 3], feasible[1, 0].Order());
        Assert.Equal([1L, 2, 3], feasible[3, 0].Order());
    }

    [Property(MaxTest = 100)]
    public Property Aggregate_RandomSmallTables_EveryHiddenCellHasAnotherSolution() =>
        Prop.ForAll(SmallTables(), t =>
        {
            var (counts, k) = t;
            AggregateReport report;
            try
            {
                report = Aggregator.Run(Table(counts), new AggregateRequest { RowColumn = "class", ColumnColumn = "anxiety", K = k });
            }
            catch (DepersonalizationException e) when (e.Error == DepersonalizationError.CannotProtectTable)
            {
                return;
            }

            var published = TableSolver.Published(report);
            var total = counts.Cast<int>().Sum();
            // Every true count is at most the total, and a protected cell moves by one: total + 1 bounds the search.
            var feasible = TableSolver.FeasibleValues(published, bound: total + 1);
            if (feasible is null)
            {
                return; // too many hidden cells to enumerate; the worked tables cover the exhaustive check
            }

            for (var i = 0; i < published.GetLength(0); i++)
            {
                for (var j = 0; j < published.GetLength(1); j++)
                {
                    if (published[i, j] is null)
                    {
                        Assert.True(feasible[i, j].Count >= 2, $"hidden cell ({i}, {j}) is determined");
                    }
                    else
                    {
                        Assert.False(published[i, j] is > 0 && published[i, j] < k, "a small count is published");
                    }
                }
            }
        });

    private static Arbitrary<(int[,] Counts, int K)> SmallTables()
    {
        var gen =
            from rows in Gen.Choose(2, 3)
            from columns in Gen.Choose(1, 3)
            from cells in Gen.ArrayOf(Gen.Frequency((2, Gen.Choose(0, 2)), (3, Gen.Choose(3, 6))), rows * columns)
            from k in Gen.Choose(2, 4)
            where cells.Sum() <= 30
            select (To2D(cells, rows, columns), k);
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

    /// <summary>Rows for a count table: class "7A".., band "low"/"medium"/"high" (or band-N), motivation 10·i + j + position.</summary>
    private static Dataset Table(int[,] counts)
    {
        var data = new Dataset(["class", "anxiety", "motivation"]);
        for (var i = 0; i < counts.GetLength(0); i++)
        {
            for (var j = 0; j < counts.GetLength(1); j++)
            {
                for (var p = 0; p < counts[i, j]; p++)
                {
                    data.Add("7" + (char)('A' + i), j < Bands.Length ? Bands[j] : "band-" + j, ((10 * i) + j + p).ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        return data;
    }
}
