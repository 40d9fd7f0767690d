namespace HrPlus.Privacy.Tests.Depersonalization;

/// <summary>
/// Brute force for one question: is there an integer table that agrees with every published number of an augmented table
/// (totals last; null = hidden), has every hidden count at least 1 and at most <c>bound</c>, and has cell (row, column)
/// equal to <c>value</c>? Depth-first over the hidden cells, computing a cell when one constraint fixes it and cutting a
/// branch as soon as a constraint's known parts overshoot its total.
/// </summary>
internal static class IntervalSearch
{
    /// <summary>True or false when the search settles it; null when it passes <paramref name="budget"/> steps.</summary>
    /// <param name="published">The augmented table, null where hidden.</param>
    /// <param name="row">The cell's row.</param>
    /// <param name="column">The cell's column.</param>
    /// <param name="value">The value to try.</param>
    /// <param name="bound">The largest count any cell may take.</param>
    /// <param name="hint">Values tried first (the true table): the search tries each cell's values by distance from it, which finds nearby tables fast and changes nothing about what it can prove.</param>
    /// <param name="budget">The most search steps.</param>
    public static bool? Feasible(long?[,] published, int row, int column, long value, long bound, long[,]? hint = null, long budget = 2_000_000)
    {
        if (value < 1 || value > bound)
        {
            return false;
        }

        var steps = 0L;
        var rows = published.GetLength(0);
        var columns = published.GetLength(1);
        var values = (long?[,])published.Clone();
        values[row, column] = value;

        // Constraint c: its parts and its total. Rows: cells 0..columns-2 sum to column columns-1; columns alike.
        var constraints = new List<((int, int)[] Parts, (int, int) Total)>();
        for (var i = 0; i < rows; i++)
        {
            constraints.Add(([.. Enumerable.Range(0, columns - 1).Select(j => (i, j))], (i, columns - 1)));
        }

        for (var j = 0; j < columns; j++)
        {
            constraints.Add(([.. Enumerable.Range(0, rows - 1).Select(i => (i, j))], (rows - 1, j)));
        }

        try
        {
            return Search(values, constraints, bound, hint, ref steps, budget);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static bool Search(long?[,] values, List<((int, int)[] Parts, (int, int) Total)> constraints, long bound, long[,]? hint, ref long steps, long budget)
    {
        if (++steps > budget)
        {
            throw new TimeoutException();
        }

        // Propagate: a constraint with one unknown fixes it; a fully known one must hold; partial sums must not overshoot.
        var assigned = new List<(int, int)>();
        bool Undo()
        {
            foreach (var (a, b) in assigned)
            {
                values[a, b] = null;
            }

            return false;
        }

        for (var progress = true; progress;)
        {
            progress = false;
            foreach (var (parts, total) in constraints)
            {
                var cells = parts.Append(total).ToArray();
                var unknown = cells.Where(c => values[c.Item1, c.Item2] is null).ToArray();
                long known = parts.Where(c => values[c.Item1, c.Item2] is not null).Sum(c => values[c.Item1, c.Item2]!.Value);
                var totalValue = values[total.Item1, total.Item2];
                if (unknown.Length == 0)
                {
                    if (known != totalValue)
                    {
                        return Undo();
                    }

                    continue;
                }

                if (totalValue is { } t && known + unknown.Count(u => u != total) > t)
                {
                    return Undo();
                }

                if (unknown.Length == 1)
                {
                    var u = unknown[0];
                    var forced = u == total ? known : totalValue!.Value - known;
                    if (forced < 1 || forced > bound)
                    {
                        return Undo();
                    }

                    values[u.Item1, u.Item2] = forced;
                    assigned.Add(u);
                    progress = true;
                }
            }
        }

        // Branch on the hidden cell with the fewest values left: a part can be at most its total less the other parts' known
        // values and one for each other unknown part.
        (int, int)? next = null;
        var nextMax = long.MaxValue;
        for (var i = 0; i < values.GetLength(0); i++)
        {
            for (var j = 0; j < values.GetLength(1); j++)
            {
                if (values[i, j] is not null)
                {
                    continue;
                }

                var max = bound;
                foreach (var (parts, total) in constraints)
                {
                    if (values[total.Item1, total.Item2] is { } t && Array.IndexOf(parts, (i, j)) >= 0)
                    {
                        var others = parts.Where(p => p != (i, j));
                        max = Math.Min(max, t - others.Sum(p => values[p.Item1, p.Item2] ?? 1));
                    }
                }

                if (max < nextMax)
                {
                    (next, nextMax) = ((i, j), max);
                }
            }
        }

        if (next is not { } cell)
        {
            return true;
        }

        var start = hint is null ? 1 : Math.Clamp(hint[cell.Item1, cell.Item2], 1, Math.Max(1, nextMax));
        for (long d = 0; start - d >= 1 || start + d <= nextMax; d++)
        {
            foreach (var v in d == 0 ? [start] : new[] { start - d, start + d })
            {
                if (v < 1 || v > nextMax)
                {
                    continue;
                }

                values[cell.Item1, cell.Item2] = v;
                if (Search(values, constraints, bound, hint, ref steps, budget))
                {
                    return true;
                }
            }
        }

        values[cell.Item1, cell.Item2] = null;
        return Undo();
    }
}
