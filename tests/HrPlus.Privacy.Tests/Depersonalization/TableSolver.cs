using HrPlus.Privacy.Depersonalization;

namespace HrPlus.Privacy.Tests.Depersonalization;

/// <summary>
/// An attacker's view of a published two-way table: the unknowns are the hidden cells and totals, each at least 1
/// (published zeros say that hidden cells are not zero), and every row and column, totals included, must add up.
/// </summary>
internal static class TableSolver
{
    /// <summary>
    /// Every value each hidden cell takes over all integer solutions with values up to <paramref name="bound"/>, found by
    /// exhaustive search (a cell that one constraint fixes is computed, not guessed); index [row, column] of the augmented
    /// table (totals last). Visible cells get their published value only. Null when the search passes
    /// <paramref name="budget"/> steps.
    /// </summary>
    public static HashSet<long>[,]? FeasibleValues(long?[,] published, long bound, long budget = 20_000_000)
    {
        var steps = 0L;
        var rows = published.GetLength(0);
        var columns = published.GetLength(1);
        var unknowns = new List<(int Row, int Column)>();
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                if (published[i, j] is null)
                {
                    unknowns.Add((i, j));
                }
            }
        }

        // Constraints: inner row i sums to its total, inner column j sums to its total, totals sum to the grand total.
        var constraints = new List<(int Row, int Column)[]>();
        for (var i = 0; i < rows; i++)
        {
            constraints.Add([.. Enumerable.Range(0, columns - 1).Select(j => (i, j))]);
        }

        for (var j = 0; j < columns; j++)
        {
            constraints.Add([.. Enumerable.Range(0, rows - 1).Select(i => (i, j))]);
        }

        var values = new long?[rows, columns];
        Array.Copy(published, values, published.Length);
        var feasible = new HashSet<long>[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                feasible[i, j] = published[i, j] is { } v ? [v] : [];
            }
        }

        long Sum((int Row, int Column)[] parts) => parts.Sum(p => values[p.Row, p.Column]!.Value);
        long Total(int constraint) => constraint < rows ? values[constraint, columns - 1]!.Value : values[rows - 1, constraint - rows]!.Value;
        bool Known((int Row, int Column) cell) => values[cell.Row, cell.Column] is not null;
        bool Consistent()
        {
            for (var c = 0; c < constraints.Count; c++)
            {
                var total = c < rows ? (c, columns - 1) : (rows - 1, c - rows);
                if (Known(total) && constraints[c].All(Known))
                {
                    if (Sum(constraints[c]) != Total(c))
                    {
                        return false;
                    }
                }
                else if (Known(total) && constraints[c].Where(Known).Sum(p => values[p.Row, p.Column]!.Value) + constraints[c].Count(p => !Known(p)) > Total(c))
                {
                    return false; // the unknowns are at least 1 each
                }
            }

            return true;
        }

        // The value a constraint forces on cell (r, c) when everything else in it is known, or null.
        long? Forced(int r, int c)
        {
            for (var k = 0; k < constraints.Count; k++)
            {
                var total = k < rows ? (k, columns - 1) : (rows - 1, k - rows);
                var parts = constraints[k];
                if (total == (r, c) && parts.All(Known))
                {
                    return Sum(parts);
                }

                if (Known(total) && parts.Contains((r, c)) && parts.Count(p => !Known(p)) == 1)
                {
                    return Total(k) - parts.Where(Known).Sum(p => values[p.Row, p.Column]!.Value);
                }
            }

            return null;
        }

        void Search(int next)
        {
            if (++steps > budget || !Consistent())
            {
                return;
            }

            if (next == unknowns.Count)
            {
                foreach (var (i, j) in unknowns)
                {
                    feasible[i, j].Add(values[i, j]!.Value);
                }

                return;
            }

            var (r, c) = unknowns[next];
            if (Forced(r, c) is { } forced)
            {
                if (forced >= 1)
                {
                    values[r, c] = forced;
                    Search(next + 1);
                }
            }
            else
            {
                for (var v = 1L; v <= bound; v++)
                {
                    values[r, c] = v;
                    Search(next + 1);
                }
            }

            values[r, c] = null;
        }

        Search(0);
        return steps > budget ? null : feasible;
    }

    /// <summary>The table as published: counts of visible cells and totals, null where hidden.</summary>
    public static long?[,] Published(AggregateReport report)
    {
        var rows = report.RowLabels.Count;
        var columns = report.ColumnLabels.Count;
        var published = new long?[rows + 1, columns + 1];
        for (var i = 0; i <= rows; i++)
        {
            for (var j = 0; j <= columns; j++)
            {
                var cell = i < rows && j < columns ? report.Cells[i][j] : i < rows ? report.RowTotals[i] : j < columns ? report.ColumnTotals[j] : report.GrandTotal;
                published[i, j] = cell.Count;
            }
        }

        return published;
    }
}
