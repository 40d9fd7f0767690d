using System.Buffers;

namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// The equivalence classes of one lattice node: each class's generalized key (one code per quasi-identifier), its size
/// and, when a model needs them, its sensitive values as (value, frequency) pairs.
/// </summary>
/// <remarks>
/// A node is built from the rows only at the bottom of the lattice (and for the final output); every other node rolls up
/// the classes of a predecessor, which costs the predecessor's class count instead of the row count. Arrays come from the
/// shared pool (they are large and short-lived: one lattice layer) and go back with <see cref="Return"/>, so they may be
/// longer than <see cref="Count"/>.
/// </remarks>
internal sealed class ClassTable
{
    private ClassTable(int[] levels, int count, int[] keys, int[] sizes, Histogram[] histograms)
    {
        Levels = levels;
        Count = count;
        Keys = keys;
        Sizes = sizes;
        Histograms = histograms;
    }

    public int[] Levels { get; }

    public int Count { get; }

    public int[] Keys { get; }

    public int[] Sizes { get; }

    public Histogram[] Histograms { get; }

    /// <summary>Groups the rows at <paramref name="levels"/>; <paramref name="rowClass"/> gets each row's class (exactly one entry per row).</summary>
    public static ClassTable FromRows(EncodedTable table, int[] levels, bool withHistograms, out int[] rowClass)
    {
        var q = table.QuasiCount;
        var n = table.RowCount;
        var keys = ArrayPool<int>.Shared.Rent(Math.Max(1, n * q));
        for (var j = 0; j < q; j++)
        {
            var codes = table.RowCodes[j];
            var map = table.FromBase[j][levels[j]];
            for (var row = 0; row < n; row++)
            {
                keys[(row * q) + j] = map[codes[row]];
            }
        }

        var pooledClass = Group(keys, q, n, out var classKeys, out var count);
        ArrayPool<int>.Shared.Return(keys);
        rowClass = pooledClass.AsSpan(0, n).ToArray();
        ArrayPool<int>.Shared.Return(pooledClass);
        var sizes = Rent(count);
        foreach (var c in rowClass)
        {
            sizes[c]++;
        }

        var histograms = new Histogram[withHistograms ? table.Sensitive.Length : 0];
        for (var s = 0; s < histograms.Length; s++)
        {
            histograms[s] = Histogram.Merge(Histogram.OnePerItem(table.Sensitive[s]), rowClass, n, count, table.Domains[s]);
        }

        return new ClassTable(levels, count, classKeys, sizes, histograms);
    }

    /// <summary>Rolls this node's classes up one level of quasi-identifier <paramref name="dimension"/>.</summary>
    public ClassTable RollUp(EncodedTable table, int dimension)
    {
        var q = table.QuasiCount;
        var levels = (int[])Levels.Clone();
        var up = table.Up[dimension][levels[dimension]++];
        var length = Count * q;
        var keys = ArrayPool<int>.Shared.Rent(Math.Max(1, length));
        Keys.AsSpan(0, length).CopyTo(keys);
        for (var i = dimension; i < length; i += q)
        {
            keys[i] = up[keys[i]];
        }

        var itemClass = Group(keys, q, Count, out var classKeys, out var count);
        ArrayPool<int>.Shared.Return(keys);
        var sizes = Rent(count);
        for (var i = 0; i < Count; i++)
        {
            sizes[itemClass[i]] += Sizes[i];
        }

        var histograms = new Histogram[Histograms.Length];
        for (var s = 0; s < histograms.Length; s++)
        {
            histograms[s] = Histogram.Merge(Histograms[s], itemClass, Count, count, table.Domains[s]);
        }

        ArrayPool<int>.Shared.Return(itemClass);
        return new ClassTable(levels, count, classKeys, sizes, histograms);
    }

    /// <summary>Gives the arrays back to the pool; the table is unusable afterwards.</summary>
    public void Return()
    {
        ArrayPool<int>.Shared.Return(Keys);
        ArrayPool<int>.Shared.Return(Sizes);
        foreach (var histogram in Histograms)
        {
            histogram.Return();
        }
    }

    /// <summary>A cleared pooled array of at least <paramref name="length"/> ints.</summary>
    internal static int[] Rent(int length)
    {
        var array = ArrayPool<int>.Shared.Rent(Math.Max(1, length));
        Array.Clear(array, 0, length);
        return array;
    }

    /// <summary>
    /// Assigns each of <paramref name="itemCount"/> keys of <paramref name="q"/> ints a class, in order of first appearance;
    /// returns a pooled array of each item's class.
    /// </summary>
    private static int[] Group(int[] keys, int q, int itemCount, out int[] classKeys, out int classCount)
    {
        var itemClass = ArrayPool<int>.Shared.Rent(Math.Max(1, itemCount));
        var capacity = 16;
        while (capacity < itemCount * 2)
        {
            capacity <<= 1;
        }

        var slots = Rent(capacity);
        var firstItem = ArrayPool<int>.Shared.Rent(Math.Max(1, itemCount));
        var mask = capacity - 1;
        classCount = 0;
        for (var i = 0; i < itemCount; i++)
        {
            var key = keys.AsSpan(i * q, q);
            var slot = Hash(key) & mask;
            while (true)
            {
                var entry = slots[slot];
                if (entry == 0)
                {
                    firstItem[classCount] = i;
                    slots[slot] = ++classCount;
                    itemClass[i] = classCount - 1;
                    break;
                }

                if (key.SequenceEqual(keys.AsSpan(firstItem[entry - 1] * q, q)))
                {
                    itemClass[i] = entry - 1;
                    break;
                }

                slot = (slot + 1) & mask;
            }
        }

        classKeys = ArrayPool<int>.Shared.Rent(Math.Max(1, classCount * q));
        for (var c = 0; c < classCount; c++)
        {
            keys.AsSpan(firstItem[c] * q, q).CopyTo(classKeys.AsSpan(c * q, q));
        }

        ArrayPool<int>.Shared.Return(slots);
        ArrayPool<int>.Shared.Return(firstItem);
        return itemClass;
    }

    private static int Hash(ReadOnlySpan<int> key)
    {
        var h = 0x9E3779B9u;
        foreach (var part in key)
        {
            h = (h ^ (uint)part) * 0x85EBCA6Bu;
            h ^= h >> 13;
        }

        h *= 0xC2B2AE35u;
        h ^= h >> 16;
        return (int)(h & 0x7FFFFFFF);
    }
}
