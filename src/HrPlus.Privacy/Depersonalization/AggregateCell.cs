namespace HrPlus.Privacy.Depersonalization;

/// <summary>One cell (or total) of an <see cref="AggregateReport"/>: a count and means, or nothing when hidden.</summary>
public sealed class AggregateCell
{
    internal AggregateCell(int? count, IReadOnlyList<double?> means, CellSuppression suppression, long? feasibleMin = null, long? feasibleMax = null)
    {
        Count = count;
        Means = means;
        Suppression = suppression;
        FeasibleMin = feasibleMin;
        FeasibleMax = feasibleMax;
    }

    /// <summary>
    /// Gets, for a hidden cell, the least count it could have given everything published (every published cell and total,
    /// and every hidden count at least 1); null for a published cell. For the operator: the export never shows it.
    /// </summary>
    public long? FeasibleMin { get; }

    /// <summary>
    /// Gets, for a hidden cell, the greatest count it could have given everything published; null for a published cell, and
    /// for a hidden cell without an upper bound (possible only when the grand total is hidden).
    /// </summary>
    /// <remarks><see cref="FeasibleMax"/> − <see cref="FeasibleMin"/> is at least the request's protection interval.</remarks>
    public long? FeasibleMax { get; }

    /// <summary>Gets the number of rows in the cell; null when hidden.</summary>
    public int? Count { get; }

    /// <summary>Gets the mean of each of <see cref="AggregateRequest.MeanColumns"/> over the cell's rows; null when hidden or empty.</summary>
    public IReadOnlyList<double?> Means { get; }

    /// <summary>Gets whether and why the cell is hidden.</summary>
    public CellSuppression Suppression { get; }

    /// <summary>Gets whether the cell is hidden.</summary>
    public bool IsHidden => Suppression != CellSuppression.None;
}
