using System.Buffers;

namespace HrPlus.Privacy.Depersonalization;

/// <summary>Per class, the distinct values of one sensitive attribute and their frequencies, in compressed sparse rows.</summary>
/// <remarks>Arrays of merged histograms are pooled (see <see cref="ClassTable"/>) and may be longer than needed.</remarks>
internal sealed class Histogram(int[] start, int[] values, int[] frequencies, bool pooled)
{
    /// <summary>Gets where each class's pairs begin; one more entry than classes.</summary>
    public int[] Start { get; } = start;

    public int[] Values { get; } = values;

    public int[] Frequencies { get; } = frequencies;

    public int DistinctCount(int item) => Start[item + 1] - Start[item];

    /// <summary>One pair (value, 1) per item: the rows.</summary>
    public static Histogram OnePerItem(int[] codes)
    {
        var ones = new int[codes.Length];
        Array.Fill(ones, 1);
        return new Histogram([.. Enumerable.Range(0, codes.Length + 1)], codes, ones, pooled: false);
    }

    /// <summary>Adds up the pairs of the first <paramref name="itemCount"/> items of each class.</summary>
    public static Histogram Merge(Histogram items, int[] itemClass, int itemCount, int classCount, int domain)
    {
        // Items bucketed by class (a counting sort), then each class's values summed in a dense scratch array.
        var bucketStart = ClassTable.Rent(classCount + 1);
        for (var i = 0; i < itemCount; i++)
        {
            bucketStart[itemClass[i] + 1]++;
        }

        for (var c = 0; c < classCount; c++)
        {
            bucketStart[c + 1] += bucketStart[c];
        }

        var order = ArrayPool<int>.Shared.Rent(Math.Max(1, itemCount));
        var fill = ArrayPool<int>.Shared.Rent(classCount + 1);
        bucketStart.AsSpan(0, classCount + 1).CopyTo(fill);
        for (var i = 0; i < itemCount; i++)
        {
            order[fill[itemClass[i]]++] = i;
        }

        var scratch = ClassTable.Rent(domain);
        var touched = ArrayPool<int>.Shared.Rent(Math.Max(1, domain));
        var pairs = items.Start[itemCount];
        var start = ArrayPool<int>.Shared.Rent(classCount + 1);
        var values = ArrayPool<int>.Shared.Rent(Math.Max(1, pairs));
        var frequencies = ArrayPool<int>.Shared.Rent(Math.Max(1, pairs));
        var position = 0;
        for (var c = 0; c < classCount; c++)
        {
            var seen = 0;
            for (var b = bucketStart[c]; b < bucketStart[c + 1]; b++)
            {
                var item = order[b];
                for (var p = items.Start[item]; p < items.Start[item + 1]; p++)
                {
                    var value = items.Values[p];
                    if (scratch[value] == 0)
                    {
                        touched[seen++] = value;
                    }

                    scratch[value] += items.Frequencies[p];
                }
            }

            start[c] = position;
            for (var t = 0; t < seen; t++)
            {
                var value = touched[t];
                values[position] = value;
                frequencies[position++] = scratch[value];
                scratch[value] = 0;
            }
        }

        start[classCount] = position;
        foreach (var array in (int[][])[bucketStart, order, fill, scratch, touched])
        {
            ArrayPool<int>.Shared.Return(array);
        }

        return new Histogram(start, values, frequencies, pooled: true);
    }

    public void Return()
    {
        if (pooled)
        {
            ArrayPool<int>.Shared.Return(Start);
            ArrayPool<int>.Shared.Return(Values);
            ArrayPool<int>.Shared.Return(Frequencies);
        }
    }
}
