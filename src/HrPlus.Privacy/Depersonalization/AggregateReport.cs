namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// A one- or two-way table of counts and means with small-cell suppression: cells and totals counting fewer than k rows are
/// hidden (<see cref="CellSuppression.Primary"/>), and further cells are hidden (<see cref="CellSuppression.Complementary"/>)
/// until no hidden count can be worked out from the published ones.
/// </summary>
/// <remarks>
/// The guarantee: for every hidden cell there is another table of non-negative counts, agreeing with every published count
/// and total and with every hidden count at least 1, in which that cell differs. Zero counts are published (they describe
/// no one), so hidden cells are never zero. Means are hidden exactly where counts are. Why a cell is hidden
/// (<see cref="AggregateCell.Suppression"/>, <see cref="PrimarySuppressed"/>) is for the operator only: it tells that a
/// primary cell counts under k, so <see cref="DepersonalizedExport"/> leaves it out.
/// </remarks>
public sealed class AggregateReport
{
    /// <summary>Gets the row labels, in numeric-aware order.</summary>
    public required IReadOnlyList<string> RowLabels { get; init; }

    /// <summary>Gets the column labels, in numeric-aware order.</summary>
    public required IReadOnlyList<string> ColumnLabels { get; init; }

    /// <summary>Gets the averaged columns, in the order of each cell's <see cref="AggregateCell.Means"/>.</summary>
    public required IReadOnlyList<string> MeanColumns { get; init; }

    /// <summary>Gets the threshold used.</summary>
    public required int K { get; init; }

    /// <summary>Gets the cells, by row then column.</summary>
    public required IReadOnlyList<IReadOnlyList<AggregateCell>> Cells { get; init; }

    /// <summary>Gets each row's total.</summary>
    public required IReadOnlyList<AggregateCell> RowTotals { get; init; }

    /// <summary>Gets each column's total.</summary>
    public required IReadOnlyList<AggregateCell> ColumnTotals { get; init; }

    /// <summary>Gets the grand total.</summary>
    public required AggregateCell GrandTotal { get; init; }

    /// <summary>Gets how many cells and totals are hidden because they are small.</summary>
    public required int PrimarySuppressed { get; init; }

    /// <summary>Gets how many more are hidden to protect them.</summary>
    public required int ComplementarySuppressed { get; init; }

    /// <summary>
    /// Gets the re-identification risk of the table, with each inner cell as a class: someone who knows a person's row and
    /// column finds them among the cell's count, or, for a hidden cell, among as few as its
    /// <see cref="AggregateCell.FeasibleMin"/>. The threshold of <see cref="RiskReport.RecordsAtRisk"/> is 1 / k, so the
    /// records at risk are those in hidden cells that could count fewer than k. No journalist risk (tables take no population).
    /// </summary>
    public RiskReport Risk { get; init; } = RiskReport.Compute([], null, 0.2);
}
