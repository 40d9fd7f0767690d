using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// A dataset's quasi-identifiers and sensitive attributes as integer codes: one code table per hierarchy level, so that
/// the search groups rows by integers and never compares strings.
/// </summary>
internal sealed class EncodedTable
{
    private EncodedTable(int rowCount, int[] heights, int[][] rowCodes, int[][][] fromBase, int[][][] up, string[][][] labels, int[][] sensitive, int[] domains, bool packKeys)
    {
        RowCount = rowCount;
        Heights = heights;
        RowCodes = rowCodes;
        FromBase = fromBase;
        Up = up;
        Labels = labels;
        Sensitive = sensitive;
        Domains = domains;

        // Every level's codes are below the level-0 domain (each label comes from a level-0 value), so one bit layout
        // holds a class key at any node.
        KeyShifts = new int[heights.Length];
        var bits = 0;
        for (var j = 0; j < heights.Length; j++)
        {
            KeyShifts[j] = bits;
            bits += Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)Math.Max(1, labels[j][0].Length - 1)));
        }

        PackedKeys = packKeys && bits <= 63;
        Global = new double[sensitive.Length][];
        for (var s = 0; s < sensitive.Length; s++)
        {
            Global[s] = new double[domains[s]];
            foreach (var code in sensitive[s])
            {
                Global[s][code] += 1d / rowCount;
            }
        }
    }

    public int RowCount { get; }

    /// <summary>Gets the hierarchy height of each quasi-identifier.</summary>
    public int[] Heights { get; }

    /// <summary>Gets, per quasi-identifier, the level-0 code of each row.</summary>
    public int[][] RowCodes { get; }

    /// <summary>Gets, per quasi-identifier and level, the code at that level of each level-0 code.</summary>
    public int[][][] FromBase { get; }

    /// <summary>Gets, per quasi-identifier and level l below the top, the map from a code at l to its code at l + 1.</summary>
    public int[][][] Up { get; }

    /// <summary>Gets, per quasi-identifier and level, the label of each code.</summary>
    public string[][][] Labels { get; }

    /// <summary>Gets, per sensitive attribute, the code of each row; codes follow the attribute's order.</summary>
    public int[][] Sensitive { get; }

    /// <summary>Gets the number of distinct values of each sensitive attribute.</summary>
    public int[] Domains { get; }

    /// <summary>Gets each sensitive attribute's distribution over the whole dataset, by code.</summary>
    public double[][] Global { get; }

    public int QuasiCount => Heights.Length;

    /// <summary>
    /// Gets whether a class key (one code per quasi-identifier) fits in one <see cref="long"/>, quasi-identifier j's code at
    /// bit <see cref="KeyShifts"/>[j]: the search then groups by one integer per class instead of a key of
    /// <see cref="QuasiCount"/> integers.
    /// </summary>
    public bool PackedKeys { get; }

    /// <summary>Gets each quasi-identifier's bit offset in a packed key.</summary>
    public int[] KeyShifts { get; }

    /// <summary>Gets the mask of quasi-identifier <paramref name="j"/>'s bits, at bit 0.</summary>
    public long KeyMask(int j) => ((j + 1 < KeyShifts.Length ? 1L << KeyShifts[j + 1] : 1L << 63) >>> KeyShifts[j]) - 1;

    /// <summary>Encodes the quasi-identifiers at every level of their hierarchies, and the sensitive attributes.</summary>
    /// <param name="data">The input.</param>
    /// <param name="quasi">The quasi-identifier columns.</param>
    /// <param name="sensitive">The sensitive columns (none when no model reads them).</param>
    /// <param name="packKeys">False keeps class keys unpacked even where they would fit (tests compare both ways).</param>
    public static EncodedTable Create(Dataset data, IReadOnlyList<DatasetColumn> quasi, IReadOnlyList<DatasetColumn> sensitive, bool packKeys = true)
    {
        var n = data.RowCount;
        var heights = new int[quasi.Count];
        var rowCodes = new int[quasi.Count][];
        var fromBase = new int[quasi.Count][][];
        var up = new int[quasi.Count][][];
        var labels = new string[quasi.Count][][];

        // Distinct input values first: the hierarchy is asked once per value and level, not once per row.
        var (firstCodes, distincts) = FirstAppearanceCodes(data, [.. quasi.Select(c => data.IndexOf(c.Name)), .. sensitive.Select(c => data.IndexOf(c.Name))]);
        for (var q = 0; q < quasi.Count; q++)
        {
            var hierarchy = quasi[q].Hierarchy!;
            var height = heights[q] = hierarchy.Height;
            var distinct = distincts[q];
            var baseOfRow = firstCodes[q];
            var values = new string[distinct.Count];
            foreach (var (value, b) in distinct)
            {
                values[b] = value;
            }

            var codeOfBase = new int[height + 1][];
            labels[q] = new string[height + 1][];
            for (var level = 0; level <= height; level++)
            {
                var interned = new Dictionary<string, int>(StringComparer.Ordinal);
                var codes = codeOfBase[level] = new int[values.Length];
                for (var b = 0; b < values.Length; b++)
                {
                    var label = Generalize(hierarchy, values[b], level, quasi[q].Name);
                    if (!interned.TryGetValue(label, out var code))
                    {
                        interned.Add(label, code = interned.Count);
                    }

                    codes[b] = code;
                }

                labels[q][level] = new string[interned.Count];
                foreach (var (label, code) in interned)
                {
                    labels[q][level][code] = label;
                }
            }

            up[q] = new int[height][];
            for (var level = 0; level < height; level++)
            {
                var map = up[q][level] = new int[labels[q][level].Length];
                Array.Fill(map, -1);
                for (var b = 0; b < values.Length; b++)
                {
                    ref var parent = ref map[codeOfBase[level][b]];
                    var next = codeOfBase[level + 1][b];
                    if (parent >= 0 && parent != next)
                    {
                        throw new DepersonalizationException(
                            DepersonalizationError.InvalidHierarchy,
                            $"The hierarchy of column '{quasi[q].Name}' gives one label of level {level} two parents at level {level + 1}; a hierarchy must nest.");
                    }

                    parent = next;
                }
            }

            var level0 = codeOfBase[0];
            for (var row = 0; row < n; row++)
            {
                baseOfRow[row] = level0[baseOfRow[row]];
            }

            rowCodes[q] = baseOfRow;

            fromBase[q] = new int[height + 1][];
            fromBase[q][0] = [.. Enumerable.Range(0, labels[q][0].Length)];
            for (var level = 1; level <= height; level++)
            {
                var map = up[q][level - 1];
                fromBase[q][level] = [.. fromBase[q][level - 1].Select(code => map[code])];
            }
        }

        var sensitiveCodes = new int[sensitive.Count][];
        var domains = new int[sensitive.Count];
        for (var s = 0; s < sensitive.Count; s++)
        {
            // Codes in order of first appearance, renumbered in the attribute's order.
            var firstCode = distincts[quasi.Count + s];
            var codes = firstCodes[quasi.Count + s];
            var distinct = new string[firstCode.Count];
            foreach (var (value, code) in firstCode)
            {
                distinct[code] = value;
            }

            var rank = new int[distinct.Length];
            var sorted = Enumerable.Range(0, distinct.Length).OrderBy(code => distinct[code], sensitive[s].Order ?? NumericOrOrdinal(distinct)).ToArray();
            for (var i = 0; i < sorted.Length; i++)
            {
                rank[sorted[i]] = i;
            }

            for (var row = 0; row < n; row++)
            {
                codes[row] = rank[codes[row]];
            }

            domains[s] = distinct.Length;
            sensitiveCodes[s] = codes;
        }

        return new EncodedTable(n, heights, rowCodes, fromBase, up, labels, sensitiveCodes, domains, packKeys);
    }

    /// <summary>
    /// Numbers each column's distinct values in order of first appearance, in one pass over the rows (each row's values are
    /// read together, so a large dataset is walked once, not once per column).
    /// </summary>
    private static (int[][] Codes, Dictionary<string, int>[] Distinct) FirstAppearanceCodes(Dataset data, int[] columns)
    {
        var n = data.RowCount;
        var codes = new int[columns.Length][];
        var distinct = new Dictionary<string, int>[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            codes[c] = new int[n];
            distinct[c] = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        for (var row = 0; row < n; row++)
        {
            var values = data.Row(row);
            for (var c = 0; c < columns.Length; c++)
            {
                var seen = distinct[c];
                ref var code = ref CollectionsMarshal.GetValueRefOrAddDefault(seen, values[columns[c]], out var exists);
                if (!exists)
                {
                    code = seen.Count - 1;
                }

                codes[c][row] = code;
            }
        }

        return (codes, distinct);
    }

    private static string Generalize(Hierarchy hierarchy, string value, int level, string column)
    {
        try
        {
            return hierarchy.Generalize(value, level);
        }
        catch (DepersonalizationException e) when (e.Error == DepersonalizationError.ValueOutsideHierarchy)
        {
            throw new DepersonalizationException(
                DepersonalizationError.ValueOutsideHierarchy, $"A value of column '{column}' is outside its hierarchy; fix the data or extend the hierarchy.", e);
        }
    }

    private static IComparer<string> NumericOrOrdinal(string[] values)
    {
        foreach (var value in values)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return StringComparer.Ordinal;
            }
        }

        return Comparer<string>.Create(static (a, b) =>
        {
            var byNumber = double.Parse(a, NumberStyles.Float, CultureInfo.InvariantCulture).CompareTo(double.Parse(b, NumberStyles.Float, CultureInfo.InvariantCulture));
            return byNumber != 0 ? byNumber : string.CompareOrdinal(a, b);
        });
    }
}
