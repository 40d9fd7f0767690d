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
}
