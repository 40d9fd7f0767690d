namespace HrPlus.Privacy.Depersonalization;

/// <summary>The privacy models a depersonalized dataset must meet, and how the search scores candidates.</summary>
/// <remarks>
/// Every model is checked per equivalence class (rows with the same generalized quasi-identifiers). A class that fails
/// is suppressed (left out of the output, or, with <see cref="SuppressionMode.Values"/>, some of its quasi-identifier
/// values are); a generalization is acceptable when the rows of failing classes are at most <see cref="MaxSuppression"/>
/// of the input.
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

    /// <summary>
    /// Gets or sets the highest prosecutor re-identification risk (1 / class size) any released record may carry, with or
    /// instead of <see cref="K"/> (set K to 1 to use it alone): a class needs at least ⌈1 / MaxRisk⌉ rows. Default null
    /// (off); above 0, at most 1.
    /// </summary>
    public double? MaxRisk { get; set; }

    /// <summary>
    /// Gets or sets the risk above which a record counts as at risk in <see cref="RiskReport.RecordsAtRisk"/>. Default 0.2
    /// (a class of fewer than 5); above 0, at most 1.
    /// </summary>
    public double RiskThreshold { get; set; } = 0.2;

    /// <summary>
    /// Gets or sets the population the dataset was drawn from (for example every pupil of the district, of whom the dataset
    /// holds a sample), for the journalist risk: it needs the quasi-identifier columns (other columns are ignored), and each
    /// released class is matched against the population rows generalized the same way. Default null: no journalist risk.
    /// </summary>
    /// <remarks>A class of the release that counts more rows than the population's matching class is refused: the population must cover the dataset.</remarks>
    public Dataset? Population { get; set; }

    /// <summary>
    /// Gets or sets what happens to records of classes that fail the models at the chosen generalization. Default
    /// <see cref="SuppressionMode.Rows"/>.
    /// </summary>
    public SuppressionMode Suppression { get; set; } = SuppressionMode.Rows;

    /// <summary>Gets k with <see cref="MaxRisk"/> folded in.</summary>
    internal int EffectiveK => MaxRisk is { } risk ? Math.Max(K, (int)Math.Ceiling((1 / risk) - 1e-9)) : K;

    internal void Validate()
    {
        if (K < 1 || L < 1 || T is < 0 or > 1 or double.NaN || MaxSuppression is < 0 or > 1 or double.NaN || !Enum.IsDefined(Metric)
            || MaxRisk is <= 0 or > 1 or double.NaN || RiskThreshold is <= 0 or > 1 or double.NaN || !Enum.IsDefined(Suppression))
        {
            throw new ArgumentException(
                "Anonymization options: K and L are at least 1, T and MaxSuppression are between 0 and 1, MaxRisk and RiskThreshold are above 0 and at most 1, " +
                "Metric is an InformationLossMetric and Suppression a SuppressionMode.");
        }
    }
}
