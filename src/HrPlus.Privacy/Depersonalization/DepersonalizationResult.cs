namespace HrPlus.Privacy.Depersonalization;

/// <summary>A depersonalized dataset and the report of what was generalized and suppressed.</summary>
public sealed class DepersonalizationResult
{
    /// <summary>Gets the output columns: the schema's columns in order, without dropped direct identifiers.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>
    /// Gets the released rows, in a random order (shuffled with a cryptographic random number generator, so the order says
    /// nothing about the input's); suppressed rows are left out.
    /// </summary>
    /// <remarks>
    /// From <see cref="IDepersonalizer.AnonymizeAsync"/> this is a read-only view over the input rows it releases (one integer
    /// per row, values looked up when read), so a release of a million rows makes no string array per row; each row read
    /// is a new small list with the same values. It keeps those input rows alive, and never changes (a <see cref="Dataset"/>
    /// never changes a row once added). Thread-safe for reading.
    /// </remarks>
    public required IReadOnlyList<IReadOnlyList<string>> Rows { get; init; }

    /// <summary>Gets the chosen generalization level of each quasi-identifier (0 = as published at level 0).</summary>
    public required IReadOnlyDictionary<string, int> Levels { get; init; }

    /// <summary>Gets the number of input rows.</summary>
    public required int InputRowCount { get; init; }

    /// <summary>Gets the number of rows suppressed because their class failed a model.</summary>
    public required int SuppressedRowCount { get; init; }

    /// <summary>Gets the number of quasi-identifier values set to <c>*</c> by local suppression (<see cref="SuppressionMode.Values"/>); 0 with row suppression.</summary>
    public int SuppressedValueCount { get; init; }

    /// <summary>Gets how failing records were suppressed.</summary>
    public SuppressionMode Suppression { get; init; }

    /// <summary>
    /// Gets the information lost to suppression, counted in quasi-identifier values: the values set to <c>*</c> plus, for
    /// every left-out row, all of its quasi-identifiers.
    /// </summary>
    public long SuppressionLoss => SuppressedValueCount + ((long)SuppressedRowCount * Levels.Count);

    /// <summary>Gets the re-identification risk of the release.</summary>
    public RiskReport Risk { get; init; } = RiskReport.Compute([], null, 0.2);

    /// <summary>Gets the number of equivalence classes in the output.</summary>
    public required int ClassCount { get; init; }

    /// <summary>Gets the size of the smallest output class; 0 when nothing is released.</summary>
    public required int SmallestClassSize { get; init; }

    /// <summary>Gets the metric the search minimized.</summary>
    public required InformationLossMetric Metric { get; init; }

    /// <summary>Gets the discernibility of the output: Σ class size² over the released classes (as written, <c>*</c> matching only itself) + suppressed rows × input rows.</summary>
    public required long Discernibility { get; init; }

    /// <summary>Gets the generalization height: the sum of <see cref="Levels"/>.</summary>
    public required int Height { get; init; }

    /// <summary>Gets the height as a share of the largest possible one, 0 (nothing generalized) to 1 (everything <c>*</c>).</summary>
    public required double RelativeHeight { get; init; }

    /// <summary>Gets the models the output meets, e.g. <c>k-anonymity(k=5)</c>, <c>distinct-l-diversity(l=2)</c>.</summary>
    public required IReadOnlyList<string> ModelsMet { get; init; }

    /// <summary>Gets how many nodes of the generalization lattice the search evaluated (the rest were pruned).</summary>
    public required int NodesEvaluated { get; init; }

    /// <summary>Gets the number of nodes of the generalization lattice: the product of (height + 1) over the quasi-identifiers.</summary>
    public required int LatticeSize { get; init; }
}
