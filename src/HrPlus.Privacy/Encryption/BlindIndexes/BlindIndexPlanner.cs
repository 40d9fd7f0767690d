namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Suggests a safe output length for a blind index from the expected number of rows, following the planning
/// rule of CipherSweet's blind-index planner: the expected number of coincidences C = R / 2^(L + E) (R rows,
/// L the new index's bits, E the bits of the other indexes on the same row, each capped at its input domain)
/// must stay below √R, so an index never narrows a search to a handful of rows, and at or above 1, so it is
/// still worth having.
/// </summary>
public static class BlindIndexPlanner
{
    /// <summary>Suggests the range of safe lengths for a new index.</summary>
    /// <param name="expectedRows">The number of rows the table is expected to hold (at least 1).</param>
    /// <param name="existingIndexes">Other blind indexes on the same rows: their length in bits and the size of their input domain in bits (log2 of the number of distinct inputs, rounded up).</param>
    /// <returns>The smallest and largest safe length in bits.</returns>
    /// <exception cref="InvalidOperationException">No length is safe: the existing indexes already reveal too much.</exception>
    public static (int Min, int Max) Suggest(long expectedRows, params (int Bits, int InputDomainBits)[] existingIndexes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedRows, 1);
        ArgumentNullException.ThrowIfNull(existingIndexes);
        var existing = existingIndexes.Sum(i => Math.Min(i.Bits, i.InputDomainBits));
        var root = Math.Sqrt(expectedRows);
        var min = 1;
        while (min <= 256 && Coincidences(expectedRows, existing + min) >= root)
        {
            min++;
        }

        var max = min;
        while (max < 256 && Coincidences(expectedRows, existing + max + 1) >= 1)
        {
            max++;
        }

        if (min > 256 || Coincidences(expectedRows, existing + min) < 1)
        {
            throw new InvalidOperationException("No blind-index length is safe for this table: the other indexes on it already narrow a search too far. Shorten or drop one of them.");
        }

        return (min, max);
    }

    private static double Coincidences(long rows, int bits) => rows / Math.Pow(2, bits);
}
