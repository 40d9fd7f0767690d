namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// A table to publish: counts (and means) of rows by the values of <see cref="RowColumn"/> and, for a two-way table,
/// <see cref="ColumnColumn"/>, with row, column and grand totals.
/// </summary>
public sealed class AggregateRequest
{
    /// <summary>The label of the only column of a one-way table.</summary>
    public const string AllLabel = "all";

    /// <summary>Gets the column whose values are the table's rows (for example the class).</summary>
    public required string RowColumn { get; init; }

    /// <summary>
    /// Gets the column whose values are the table's columns (for example an anxiety band), or null for a one-way table:
    /// one column labelled <see cref="AllLabel"/>, whose cells equal the row totals. Default null.
    /// </summary>
    public string? ColumnColumn { get; init; }

    /// <summary>Gets numeric columns to average per cell (for example a motivation score). Default none.</summary>
    public IReadOnlyList<string> MeanColumns { get; init; } = [];

    /// <summary>
    /// Gets the column of the subjects' opaque ids (never IINs), named in the disclosure log when the table goes to a
    /// recipient; it is not part of the table. Default null.
    /// </summary>
    public string? SubjectColumn { get; init; }

    /// <summary>Gets the threshold: a cell (or total) counting 1 to k - 1 rows is hidden. Default 5; at least 2.</summary>
    public int K { get; init; } = 5;

    /// <summary>
    /// Gets the protection interval in counts, τ-Argus style: every hidden cell's feasible range (the least to the greatest
    /// count it could have, given every published cell and total and every hidden count at least 1) is at least this wide,
    /// and more cells are hidden until it is. Default 0: a hidden cell need only not be exactly derivable (a width of 1).
    /// </summary>
    /// <remarks>Ranges are exact (two maximum flows per hidden cell; see <see cref="AggregateCell.FeasibleMin"/>).</remarks>
    public int ProtectionInterval { get; init; }

    /// <summary>
    /// Gets the protection interval as a share of each hidden cell's own count: a hidden cell of count c has a feasible
    /// range at least ⌈share × c⌉ wide (with <see cref="ProtectionInterval"/>, the larger applies). Default 0; 0 to 10.
    /// </summary>
    public double ProtectionIntervalShare { get; init; }
}
