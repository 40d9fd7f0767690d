namespace HrPlus.Privacy.Depersonalization;

/// <summary>One cell (or total) of an <see cref="AggregateReport"/>: a count and means, or nothing when hidden.</summary>
public sealed class AggregateCell
{
    internal AggregateCell(int? count, IReadOnlyList<double?> means, CellSuppression suppression)
    {
        Count = count;
        Means = means;
        Suppression = suppression;
    }

    /// <summary>Gets the number of rows in the cell; null when hidden.</summary>
    public int? Count { get; }

    /// <summary>Gets the mean of each of <see cref="AggregateRequest.MeanColumns"/> over the cell's rows; null when hidden or empty.</summary>
    public IReadOnlyList<double?> Means { get; }

    /// <summary>Gets whether and why the cell is hidden.</summary>
    public CellSuppression Suppression { get; }

    /// <summary>Gets whether the cell is hidden.</summary>
    public bool IsHidden => Suppression != CellSuppression.None;
}
