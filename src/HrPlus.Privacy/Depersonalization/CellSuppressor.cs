namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// Primary and complementary suppression of a two-way table with its totals.
/// </summary>
/// <remarks>
/// <para>
/// The table with its totals is an (R + 1) × (C + 1) array whose every row and column sums to zero once totals are
/// negated, that is, a flow on the complete bipartite graph of row nodes and column nodes. A change of the hidden cells
/// that keeps every published number is then a circulation on the hidden cells' edges, and (by conformal decomposition)
/// a hidden cell can take another value exactly when a directed cycle through it can be pushed by one unit: along the
/// cycle each cell goes up or down by one, and a cell may go down only while it stays at least 1 (published zeros tell
/// an attacker that hidden cells are at least 1).
/// </para>
/// <para>
/// So a hidden cell is protected when such a cycle through it exists; when none does, the cheapest path of visible
/// cells (by count, totals last) that closes one is hidden too, and the check repeats until every hidden cell is
/// protected.
/// </para>
/// </remarks>
internal static class CellSuppressor
{
    /// <summary>Suppresses; returns each augmented cell's status, indexed [row, column] with totals in the last row and column.</summary>
    public static CellSuppression[,] Suppress(int[,] counts, int k) => Suppress(counts, k, 0, 0, out _);

    /// <summary>
    /// Suppresses so that every hidden cell's feasible range (see <see cref="FeasibleRanges"/>) is at least
    /// max(1, <paramref name="absolute"/>, ⌈<paramref name="share"/> × its count⌉) wide: first as without an interval, then,
    /// while a hidden cell's range is too narrow, the cheapest path of cells whose capacity is at least the width closes a
    /// cycle through it and is hidden (that cycle alone moves the cell by the width, so each round fixes the cell it looks at
    /// and hides at least one more cell).
    /// </summary>
    public static CellSuppression[,] Suppress(int[,] counts, int k, int absolute, double share, out long[,] augmented)
    {
        var rows = counts.GetLength(0);
        var columns = counts.GetLength(1);
        var value = new long[rows + 1, columns + 1];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                value[i, j] = counts[i, j];
                value[i, columns] += counts[i, j];
                value[rows, j] += counts[i, j];
                value[rows, columns] += counts[i, j];
            }
        }

        var status = new CellSuppression[rows + 1, columns + 1];
        for (var i = 0; i <= rows; i++)
        {
            for (var j = 0; j <= columns; j++)
            {
                if (value[i, j] > 0 && value[i, j] < k)
                {
                    status[i, j] = CellSuppression.Primary;
                }
            }
        }

        var grid = new Grid(value, status);
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i <= rows && !changed; i++)
            {
                for (var j = 0; j <= columns && !changed; j++)
                {
                    if (status[i, j] != CellSuppression.None && !grid.IsProtected(i, j))
                    {
                        grid.Protect(i, j);
                        changed = true;
                    }
                }
            }
        }

        for (var changed = absolute > 1 || share > 0; changed;)
        {
            changed = false;
            for (var i = 0; i <= rows && !changed; i++)
            {
                for (var j = 0; j <= columns && !changed; j++)
                {
                    if (status[i, j] == CellSuppression.None)
                    {
                        continue;
                    }

                    var width = Math.Max(1, Math.Max(absolute, (long)Math.Ceiling((share * value[i, j]) - 1e-9)));
                    var (min, max) = FeasibleRanges.Range(value, status, i, j);
                    if (max is null || max.Value - min >= width)
                    {
                        continue;
                    }

                    grid.Widen(i, j, width);
                    changed = true;
                }
            }
        }

        augmented = value;
        return status;
    }

    private sealed class Grid(long[,] value, CellSuppression[,] status)
    {
        private readonly int _rows = value.GetLength(0);
        private readonly int _columns = value.GetLength(1);

        public bool IsProtected(int i, int j) =>
            (CanIncrease(i, j) && Path(Column(j), i, i, j, hiddenOnly: true) is not null)
            || (CanDecrease(i, j) && Path(i, Column(j), i, j, hiddenOnly: true) is not null);

        public void Protect(int i, int j)
        {
            var up = CanIncrease(i, j) ? Path(Column(j), i, i, j, hiddenOnly: false) : null;
            var down = CanDecrease(i, j) ? Path(i, Column(j), i, j, hiddenOnly: false) : null;
            var path = (up, down) switch
            {
                (null, null) => throw Unprotectable(),
                (null, _) => down,
                (_, null) => up,
                _ => Cost(up) <= Cost(down) ? up : down,
            };
            foreach (var (r, c) in path!)
            {
                if (status[r, c] == CellSuppression.None)
                {
                    status[r, c] = CellSuppression.Complementary;
                }
            }
        }

        /// <summary>Hides the cheapest path that, with cell (i, j), makes a cycle able to move the cell by <paramref name="width"/>.</summary>
        public void Widen(int i, int j, long width)
        {
            var up = FeasibleRanges.Up(value, i, j) >= width ? Path(Column(j), i, i, j, hiddenOnly: false, width) : null;
            var down = FeasibleRanges.Down(value, i, j) >= width ? Path(i, Column(j), i, j, hiddenOnly: false, width) : null;
            var path = (up, down) switch
            {
                (null, null) => throw new DepersonalizationException(
                    DepersonalizationError.CannotProtectTable,
                    "A hidden cell cannot be given the protection interval: the table has too few large cells to hide it among; lower ProtectionInterval or ProtectionIntervalShare, or publish a coarser table."),
                (null, _) => down,
                (_, null) => up,
                _ => Cost(up) <= Cost(down) ? up : down,
            };
            var hidden = 0;
            foreach (var (r, c) in path!)
            {
                if (status[r, c] == CellSuppression.None)
                {
                    status[r, c] = CellSuppression.Complementary;
                    hidden++;
                }
            }

            if (hidden == 0)
            {
                // A path of hidden cells with this capacity would already give the cell its width.
                throw new InvalidOperationException("Widening a protection interval hid nothing.");
            }
        }

        // Node ids: rows 0 .. _rows - 1, then columns.
        private int Column(int j) => _rows + j;

        private bool Usable(int i, int j) => value[i, j] > 0;

        // Totals are stored negated in the circulation: raising the flow on a total's edge lowers the total.
        private bool IsTotal(int i, int j) => (i == _rows - 1) != (j == _columns - 1);

        private bool CanIncrease(int i, int j) => !IsTotal(i, j) || value[i, j] >= 2;

        private bool CanDecrease(int i, int j) => IsTotal(i, j) || value[i, j] >= 2;

        private long Cost(List<(int, int)>? path) => path!.Sum(cell => status[cell.Item1, cell.Item2] == CellSuppression.None ? Weight(cell.Item1, cell.Item2) : 0);

        private long Weight(int i, int j) => IsTotal(i, j) || (i == _rows - 1 && j == _columns - 1) ? value[i, j] + value[_rows - 1, _columns - 1] + 1 : value[i, j] + 1;

        /// <summary>The cheapest directed path from node <paramref name="from"/> to <paramref name="to"/> avoiding cell (skipRow, skipColumn).</summary>
        private List<(int, int)>? Path(int from, int to, int skipRow, int skipColumn, bool hiddenOnly, long minimum = 1)
        {
            var nodes = _rows + _columns;
            var distance = new long[nodes];
            var via = new (int Node, int Row, int Column)[nodes];
            var done = new bool[nodes];
            Array.Fill(distance, long.MaxValue);
            distance[from] = 0;
            while (true)
            {
                var node = -1;
                for (var n = 0; n < nodes; n++)
                {
                    if (!done[n] && distance[n] != long.MaxValue && (node < 0 || distance[n] < distance[node]))
                    {
                        node = n;
                    }
                }

                if (node < 0)
                {
                    return null;
                }

                if (node == to)
                {
                    break;
                }

                done[node] = true;
                var isRow = node < _rows;
                var count = isRow ? _columns : _rows;
                for (var other = 0; other < count; other++)
                {
                    var (i, j) = isRow ? (node, other) : (other, node - _rows);
                    if ((i == skipRow && j == skipColumn) || !Usable(i, j) || (hiddenOnly && status[i, j] == CellSuppression.None))
                    {
                        continue;
                    }

                    // Row to column raises the cell's flow; column to row lowers it.
                    if ((isRow ? FeasibleRanges.Up(value, i, j) : FeasibleRanges.Down(value, i, j)) < minimum)
                    {
                        continue;
                    }

                    var next = isRow ? Column(j) : i;
                    var step = distance[node] + (status[i, j] == CellSuppression.None ? Weight(i, j) : 0);
                    if (step < distance[next])
                    {
                        distance[next] = step;
                        via[next] = (node, i, j);
                    }
                }
            }

            var path = new List<(int, int)>();
            for (var node = to; node != from; node = via[node].Node)
            {
                path.Add((via[node].Row, via[node].Column));
            }

            return path;
        }

        private static DepersonalizationException Unprotectable() => new(
            DepersonalizationError.CannotProtectTable,
            "A small cell cannot be protected: the table has too few non-empty cells to hide it among; merge categories or publish a coarser table.");
    }
}
