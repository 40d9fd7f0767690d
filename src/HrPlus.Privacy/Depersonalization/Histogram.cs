namespace HrPlus.Privacy.Depersonalization;

/// <summary>Per class, the distinct values of one sensitive attribute and their frequencies, in compressed sparse rows.</summary>
internal sealed class Histogram(int[] start, int[] values, int[] frequencies)
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
        return new Histogram([.. Enumerable.Range(0, codes.Length + 1)], codes, ones);
    }

    /// <summary>Adds up the pairs of the items of each class.</summary>
    public static Histogram Merge(Histogram items, int[] itemClass, int classCount, int domain)
    {
        // Items bucketed by class (a counting sort), then each class's values summed in a dense scratch array.
        var bucketStart = new int[classCount + 1];
        foreach (var c in itemClass)
        {
            bucketStart[c + 1]++;
        }

        for (var c = 0; c < classCount; c++)
        {
            bucketStart[c + 1] += bucketStart[c];
        }

        var order = new int[itemClass.Length];
        var fill = (int[])bucketStart.Clone();
        for (var i = 0; i < itemClass.Length; i++)
        {
            order[fill[itemClass[i]]++] = i;
        }

        var scratch = new int[domain];
        var touched = new int[domain];
        var start = new int[classCount + 1];
        var values = new int[items.Values.Length];
        var frequencies = new int[items.Values.Length];
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
        return new Histogram(start, values, frequencies);
    }
}
