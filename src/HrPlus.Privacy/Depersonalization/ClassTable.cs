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
    private ClassTable(int[] levels, int count, int[]? keys, long[]? packed, int[] sizes, Histogram[] histograms)
    {
        Levels = levels;
        Count = count;
        Keys = keys;
        Packed = packed;
        Sizes = sizes;
        Histograms = histograms;
    }

    public int[] Levels { get; }

    public int Count { get; }

    /// <summary>Gets each class's key as <see cref="EncodedTable.QuasiCount"/> codes, when keys are not packed.</summary>
    public int[]? Keys { get; }

    /// <summary>Gets each class's key packed in one integer (<see cref="EncodedTable.PackedKeys"/>).</summary>
    public long[]? Packed { get; }

    public int[] Sizes { get; }

    public Histogram[] Histograms { get; }

    /// <summary>Groups the rows at <paramref name="levels"/>; <paramref name="rowClass"/> gets each row's class (exactly one entry per row).</summary>
    public static ClassTable FromRows(EncodedTable table, int[] levels, bool withHistograms, out int[] rowClass)
    {
        var q = table.QuasiCount;
        var n = table.RowCount;
        int[]? classKeys = null;
        long[]? classPacked = null;
        int count;
        if (table.PackedKeys)
        {
            var packed = ArrayPool<long>.Shared.Rent(Math.Max(1, n));
            var map = table.FromBase[0][levels[0]];
            var codes = table.RowCodes[0];
            for (var row = 0; row < n; row++)
            {
                packed[row] = map[codes[row]];
            }

            for (var j = 1; j < q; j++)
            {
                (map, codes) = (table.FromBase[j][levels[j]], table.RowCodes[j]);
                var shift = table.KeyShifts[j];
                for (var row = 0; row < n; row++)
                {
                    packed[row] |= (long)map[codes[row]] << shift;
                }
            }

            var pooledClass = GroupPacked(packed, n, out classPacked, out count);
            ArrayPool<long>.Shared.Return(packed);
            rowClass = pooledClass.AsSpan(0, n).ToArray();
            ArrayPool<int>.Shared.Return(pooledClass);
        }
        else
        {
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

            var pooledClass = Group(keys, q, n, out classKeys, out count);
            ArrayPool<int>.Shared.Return(keys);
            rowClass = pooledClass.AsSpan(0, n).ToArray();
            ArrayPool<int>.Shared.Return(pooledClass);
        }

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

        return new ClassTable(levels, count, classKeys, classPacked, sizes, histograms);
    }

    /// <summary>Rolls this node's classes up one level of quasi-identifier <paramref name="dimension"/>.</summary>
    public ClassTable RollUp(EncodedTable table, int dimension)
    {
        var q = table.QuasiCount;
        var levels = (int[])Levels.Clone();
        var up = table.Up[dimension][levels[dimension]++];
        int[] itemClass;
        int[]? classKeys = null;
        long[]? classPacked = null;
        int count;
        if (Packed is { } packed)
        {
            var shift = table.KeyShifts[dimension];
            var mask = table.KeyMask(dimension);
            var clear = ~(mask << shift);
            var keys = ArrayPool<long>.Shared.Rent(Math.Max(1, Count));
            for (var i = 0; i < Count; i++)
            {
                var key = packed[i];
                keys[i] = (key & clear) | ((long)up[(int)((key >> shift) & mask)] << shift);
            }

            itemClass = GroupPacked(keys, Count, out classPacked, out count);
            ArrayPool<long>.Shared.Return(keys);
        }
        else
        {
            var length = Count * q;
            var keys = ArrayPool<int>.Shared.Rent(Math.Max(1, length));
            Keys.AsSpan(0, length).CopyTo(keys);
            for (var i = dimension; i < length; i += q)
            {
                keys[i] = up[keys[i]];
            }

            itemClass = Group(keys, q, Count, out classKeys, out count);
            ArrayPool<int>.Shared.Return(keys);
        }

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
        return new ClassTable(levels, count, classKeys, classPacked, sizes, histograms);
    }

    /// <summary>Gives the arrays back to the pool; the table is unusable afterwards.</summary>
    public void Return()
    {
        if (Keys is not null)
        {
            ArrayPool<int>.Shared.Return(Keys);
        }

        if (Packed is not null)
        {
            ArrayPool<long>.Shared.Return(Packed);
        }

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

    /// <summary>
    /// <see cref="Group"/> for packed keys: the open-addressing table holds the keys themselves, so a probe reads one slot
    /// and compares one integer. Returns a pooled array of each item's class.
    /// </summary>
    private static int[] GroupPacked(long[] keys, int itemCount, out long[] classKeys, out int classCount)
    {
        var itemClass = ArrayPool<int>.Shared.Rent(Math.Max(1, itemCount));
        var bits = 4;
        while ((1 << bits) < itemCount * 2)
        {
            bits++;
        }

        var capacity = 1 << bits;
        var slots = Rent(capacity);
        var slotKeys = ArrayPool<long>.Shared.Rent(capacity);
        classKeys = ArrayPool<long>.Shared.Rent(Math.Max(1, itemCount));
        var mask = capacity - 1;
        var count = 0;
        for (var i = 0; i < itemCount; i++)
        {
            var key = keys[i];
            var slot = (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> (64 - bits));
            while (true)
            {
                var entry = slots[slot];
                if (entry == 0)
                {
                    slots[slot] = ++count;
                    slotKeys[slot] = key;
                    classKeys[count - 1] = key;
                    itemClass[i] = count - 1;
                    break;
                }

                if (slotKeys[slot] == key)
                {
                    itemClass[i] = entry - 1;
                    break;
                }

                slot = (slot + 1) & mask;
            }
        }

        classCount = count;
        ArrayPool<int>.Shared.Return(slots);
        ArrayPool<long>.Shared.Return(slotKeys);
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
