namespace HrPlus.Privacy.Depersonalization;

/// <summary>The privacy models a depersonalized dataset must meet, and how the search scores candidates.</summary>
/// <remarks>
/// Every model is checked per equivalence class (rows with the same generalized quasi-identifiers). A class that fails
/// is suppressed (left out of the output); a generalization is acceptable when the suppressed rows are at most
/// <see cref="MaxSuppression"/> of the input.
/// </remarks>
public sealed class AnonymizationOptions
{
    /// <summary>Gets or sets k of k-anonymity: each class holds at least k rows. Default 5; at least 1.</summary>
    public int K { get; set; } = 5;

    /// <summary>Gets or sets l of distinct l-diversity: each class holds at least l distinct values of every sensitive attribute. Default null (off); at least 1.</summary>
    public int? L { get; set; }

    /// <summary>
    /// Gets or sets t of t-closeness with the ordered distance: in each class, the distribution of every sensitive attribute is
    /// within earth mover's distance t of its distribution over the whole dataset. Default null (off); 0 to 1.
    /// </summary>
    public double? T { get; set; }

    /// <summary>Gets or sets the largest share of input rows that may be suppressed, 0 to 1. Default 0.05 (5%).</summary>
    public double MaxSuppression { get; set; } = 0.05;

    /// <summary>Gets or sets how candidates are scored. Default <see cref="InformationLossMetric.Discernibility"/>.</summary>
    public InformationLossMetric Metric { get; set; } = InformationLossMetric.Discernibility;

    internal void Validate()
    {
        if (K < 1 || L < 1 || T is < 0 or > 1 or double.NaN || MaxSuppression is < 0 or > 1 or double.NaN || !Enum.IsDefined(Metric))
        {
            throw new ArgumentException("Anonymization options: K and L are at least 1, T and MaxSuppression are between 0 and 1, Metric is an InformationLossMetric.");
        }
    }
}
