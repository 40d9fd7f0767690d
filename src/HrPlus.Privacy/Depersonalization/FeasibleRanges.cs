namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// The exact range each hidden cell of a two-way table can take, given every published cell and total and every hidden
/// count at least 1: the attacker's linear program, solved as two maximum flows per cell.
/// </summary>
/// <remarks>
/// <para>
/// As in <see cref="CellSuppressor"/>, the augmented table with marginal totals negated is a circulation between row nodes
/// and column nodes, and a change of the hidden cells that keeps every published number is a circulation on the hidden
/// cells' arcs: raising cell (a, b) is the arc row a → column b, lowering it the arc column b → row a. An interior cell
/// (or the grand total) may rise without bound and fall to 1 (capacity value − 1); a marginal total, stored negated, the
/// other way round. The largest rise of cell (i, j) is then the maximum flow from column j to row i over the other hidden
/// cells' arcs (capped by the cell's own capacity), and the largest fall the maximum flow from row i to column j.
/// </para>
/// <para>
/// The constraint matrix of a two-way table with its margins is a network matrix, so it is totally unimodular: the
/// linear program's optimum is an integer table, and these ranges are exactly the integer ones a brute-force search finds
/// (a one-way table is the two-way table with one column). An infinite capacity stands for "no bound"; a range whose rise
/// reaches it has no upper end (possible only when the grand total is hidden).
/// </para>
/// </remarks>
internal static class FeasibleRanges
{
    private const long Infinite = long.MaxValue / 4;

    /// <summary>Each hidden cell's (min, max); max null when unbounded. Published cells get their value.</summary>
    public static (long Min, long? Max)[,] Compute(long[,] value, CellSuppression[,] status)
    {
        var rows = value.GetLength(0);
        var columns = value.GetLength(1);
        var result = new (long, long?)[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                result[i, j] = status[i, j] == CellSuppression.None ? (value[i, j], value[i, j]) : Range(value, status, i, j);
            }
        }

        return result;
    }

    /// <summary>The capacity of raising cell (a, b) in the circulation (row → column).</summary>
    public static long Up(long[,] value, int a, int b) => IsTotal(value, a, b) ? value[a, b] - 1 : Infinite;

    /// <summary>The capacity of lowering cell (a, b) in the circulation (column → row).</summary>
    public static long Down(long[,] value, int a, int b) => IsTotal(value, a, b) ? Infinite : value[a, b] - 1;

    public static (long Min, long? Max) Range(long[,] value, CellSuppression[,] status, int i, int j)
    {
        var rows = value.GetLength(0);
        var rise = Math.Min(Up(value, i, j), MaxFlow(value, status, rows + j, i, i, j));
        var fall = Math.Min(Down(value, i, j), MaxFlow(value, status, i, rows + j, i, j));
        var (more, less) = IsTotal(value, i, j) ? (fall, rise) : (rise, fall);
        return (value[i, j] - less, more >= Infinite ? null : value[i, j] + more);
    }

    private static bool IsTotal(long[,] value, int a, int b) => (a == value.GetLength(0) - 1) != (b == value.GetLength(1) - 1);

    /// <summary>Edmonds–Karp on the hidden cells' arcs, without cell (skipRow, skipColumn); nodes are rows then columns.</summary>
    private static long MaxFlow(long[,] value, CellSuppression[,] status, int source, int sink, int skipRow, int skipColumn)
    {
        var rows = value.GetLength(0);
        var columns = value.GetLength(1);
        var up = new long[rows, columns];
        var down = new long[rows, columns];
        for (var a = 0; a < rows; a++)
        {
            for (var b = 0; b < columns; b++)
            {
                if (status[a, b] != CellSuppression.None && (a != skipRow || b != skipColumn) && value[a, b] > 0)
                {
                    up[a, b] = Up(value, a, b);
                    down[a, b] = Down(value, a, b);
                }
            }
        }

        var nodes = rows + columns;
        var via = new int[nodes];
        var queue = new Queue<int>();
        long flow = 0;
        while (flow < Infinite)
        {
            Array.Fill(via, -1);
            via[source] = source;
            queue.Clear();
            queue.Enqueue(source);
            while (queue.Count > 0 && via[sink] < 0)
            {
                var node = queue.Dequeue();
                var isRow = node < rows;
                for (var other = 0; other < (isRow ? columns : rows); other++)
                {
                    var next = isRow ? rows + other : other;
                    var capacity = isRow ? up[node, other] : down[other, node - rows];
                    if (capacity > 0 && via[next] < 0)
                    {
                        via[next] = node;
                        queue.Enqueue(next);
                    }
                }
            }

            if (via[sink] < 0)
            {
                break;
            }

            var push = Infinite;
            for (var node = sink; node != source; node = via[node])
            {
                push = Math.Min(push, Capacity(up, down, rows, via[node], node));
            }

            for (var node = sink; node != source; node = via[node])
            {
                var from = via[node];
                if (from < rows)
                {
                    Shift(ref up[from, node - rows], ref down[from, node - rows], push);
                }
                else
                {
                    Shift(ref down[node, from - rows], ref up[node, from - rows], push);
                }
            }

            flow += push;
        }

        return Math.Min(flow, Infinite);
    }

    private static long Capacity(long[,] up, long[,] down, int rows, int from, int to) =>
        from < rows ? up[from, to - rows] : down[to, from - rows];

    /// <summary>Pushes along an arc: its residual shrinks and the reverse arc's grows (saturating at infinity).</summary>
    private static void Shift(ref long forward, ref long backward, long amount)
    {
        if (forward < Infinite)
        {
            forward -= amount;
        }

        if (backward < Infinite)
        {
            backward = Math.Min(Infinite, backward + amount);
        }
    }
}
