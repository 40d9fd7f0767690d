namespace HrPlus.Privacy.Depersonalization;

/// <summary>Whether and why a cell of an <see cref="AggregateReport"/> is hidden.</summary>
public enum CellSuppression
{
    /// <summary>Published.</summary>
    None = 0,

    /// <summary>Hidden because it counts fewer than k people (and more than none).</summary>
    Primary = 1,

    /// <summary>Hidden so that a primary cell cannot be worked out from the published totals.</summary>
    Complementary = 2,
}
