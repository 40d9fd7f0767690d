using System.Numerics;

namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// The released classes of a chosen generalization: the passing classes as they are, and the records of failing classes
/// either left out (<see cref="SuppressionMode.Rows"/>) or given <c>*</c> for some quasi-identifiers
/// (<see cref="SuppressionMode.Values"/>; the algorithm is described there).
/// </summary>
internal sealed class LocalSuppression
{
    private LocalSuppression(int[] rowGroup, int[] rowMask, List<int> sizes, List<int> representatives, List<int> masks, int suppressedValues, int removedRows)
    {
        RowGroup = rowGroup;
        RowMask = rowMask;
        Sizes = sizes;
        Representatives = representatives;
        Masks = masks;
        SuppressedValues = suppressedValues;
        RemovedRows = removedRows;
    }

    /// <summary>Gets each row's released class, or -1 when the row is left out.</summary>
    public int[] RowGroup { get; }

    /// <summary>Gets each row's suppressed quasi-identifiers as a bit mask (bit j: quasi-identifier j is <c>*</c>).</summary>
    public int[] RowMask { get; }

    /// <summary>Gets each released class's size.</summary>
    public List<int> Sizes { get; }

    /// <summary>Gets a row of each released class.</summary>
    public List<int> Representatives { get; }

    /// <summary>Gets each released class's mask.</summary>
    public List<int> Masks { get; }

    /// <summary>Gets the number of values set to <c>*</c>.</summary>
    public int SuppressedValues { get; }

    /// <summary>Gets the number of rows left out.</summary>
    public int RemovedRows { get; }

    public static LocalSuppression Run(EncodedTable table, int[] levels, ClassTable classes, int[] rowClass, bool[] passes, PrivacyModels models, SuppressionMode mode)
    {
        var n = table.RowCount;
        var q = table.QuasiCount;
        var rowGroup = new int[n];
        var rowMask = new int[n];
        var sizes = new List<int>();
        var representatives = new List<int>();
        var masks = new List<int>();
        var groupOfClass = new int[classes.Count];
        Array.Fill(groupOfClass, -1);
        var remaining = new List<int>();
        for (var row = 0; row < n; row++)
        {
            var c = rowClass[row];
            if (!passes[c])
            {
                rowGroup[row] = -1;
                remaining.Add(row);
                continue;
            }

            if (groupOfClass[c] < 0)
            {
                groupOfClass[c] = sizes.Count;
                sizes.Add(classes.Sizes[c]);
                representatives.Add(row);
                masks.Add(0);
            }

            rowGroup[row] = groupOfClass[c];
        }

        var suppressedValues = 0;
        var mask = 0;

        // Quasi-identifiers already at their top level are * for everyone: suppressing them changes nothing.
        var candidates = Enumerable.Range(0, q).Where(j => levels[j] < table.Heights[j]).ToList();
        while (mode == SuppressionMode.Values && remaining.Count > 0 && candidates.Count > 0)
        {
            List<List<int>>? bestGroups = null;
            int best = -1, bestReleased = -1;
            foreach (var j in candidates)
            {
                var groups = Group(table, levels, remaining, mask | (1 << j));
                var released = groups.Where(g => models.PassesRows(g.ToArray())).Sum(g => g.Count);
                if (released > bestReleased)
                {
                    (best, bestReleased, bestGroups) = (j, released, groups);
                }
            }

            mask |= 1 << best;
            candidates.Remove(best);
            remaining = [];
            foreach (var group in bestGroups!)
            {
                if (!models.PassesRows(group.ToArray()))
                {
                    remaining.AddRange(group);
                    continue;
                }

                foreach (var row in group)
                {
                    rowGroup[row] = sizes.Count;
                    rowMask[row] = mask;
                }

                suppressedValues += group.Count * BitOperations.PopCount((uint)mask);
                sizes.Add(group.Count);
                representatives.Add(group[0]);
                masks.Add(mask);
            }
        }

        return new LocalSuppression(rowGroup, rowMask, sizes, representatives, masks, suppressedValues, remaining.Count);
    }

    /// <summary>The label of every quasi-identifier of a row, <c>*</c> where the mask says.</summary>
    public static string Label(EncodedTable table, int[] levels, int row, int mask, int j) =>
        (mask & (1 << j)) != 0 ? Hierarchy.Suppressed : table.Labels[j][levels[j]][table.FromBase[j][levels[j]][table.RowCodes[j][row]]];

    private static List<List<int>> Group(EncodedTable table, int[] levels, List<int> rows, int mask)
    {
        var q = table.QuasiCount;
        var groups = new Dictionary<int[], List<int>>(KeyComparer.Instance);
        var order = new List<List<int>>();
        foreach (var row in rows)
        {
            var key = new int[q];
            for (var j = 0; j < q; j++)
            {
                key[j] = (mask & (1 << j)) != 0 ? -1 : table.FromBase[j][levels[j]][table.RowCodes[j][row]];
            }

            if (!groups.TryGetValue(key, out var group))
            {
                groups.Add(key, group = []);
                order.Add(group);
            }

            group.Add(row);
        }

        return order;
    }

    private sealed class KeyComparer : IEqualityComparer<int[]>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var hash = default(HashCode);
            foreach (var part in obj)
            {
                hash.Add(part);
            }

            return hash.ToHashCode();
        }
    }
}
