namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// Depersonalizes datasets for reports that leave the operator (policy clause 1.1.9): k-anonymous microdata and
/// aggregate tables with small-cell suppression. Every run is an audit entry, and a disclosure-log entry when it goes to
/// a state body.
/// </summary>
/// <remarks>
/// <para>Registered by <c>AddHrPlusPrivacy()</c>; runs need the audit trail's store (and the disclosure log's for a recipient). Thread-safe.</para>
/// <para>
/// Releases are recorded all or nothing: every check the disclosure log and the audit trail would make runs before the
/// first write, so a refused release records nothing. A release to a recipient records its disclosures (each with a
/// Transfer entry per subject) and the Export audit entry, which names them (<c>disclosures=&lt;id&gt;</c>). Where the audit
/// trail and the disclosure log are the EF Core stores of one context (<c>UseEntityFrameworkCoreStores</c>), all of it is one
/// database transaction: if any write fails, nothing stays. With other stores (in-memory, or on different databases) the
/// disclosures are written first and the Export entry after them, so a failed disclosure leaves no Export entry behind, and
/// once a disclosure is written the Export entry is not cancelled.
/// Released rows come in a random order (see <see cref="DepersonalizationResult.Rows"/>).
/// </para>
/// </remarks>
public interface IDepersonalizer
{
    /// <summary>
    /// Generalizes the quasi-identifiers to the least-loss level that meets the models, suppresses the rows of classes that
    /// still fail, drops or pseudonymizes direct identifiers, and records the run.
    /// </summary>
    /// <param name="data">The input; every column must be described by <paramref name="schema"/>.</param>
    /// <param name="schema">What each column is.</param>
    /// <param name="options">The models and the suppression limit.</param>
    /// <param name="release">Who runs it, why, and for whom.</param>
    /// <param name="cancellationToken">Cancels the audit and disclosure writes.</param>
    /// <returns>The output and its report.</returns>
    /// <exception cref="DepersonalizationException">The schema does not fit, a value is outside its hierarchy, or no generalization meets the models within the limit; nothing is recorded.</exception>
    /// <exception cref="ArgumentException">Invalid options or release details.</exception>
    ValueTask<DepersonalizationResult> AnonymizeAsync(
        Dataset data, DatasetSchema schema, AnonymizationOptions options, ReleaseContext release, CancellationToken cancellationToken = default);

    /// <summary>Counts (and averages) the rows per group or per cell of a two-way table, hides small cells and their complements, and records the run.</summary>
    /// <param name="data">The input.</param>
    /// <param name="request">The table.</param>
    /// <param name="release">Who runs it, why, and for whom; a recipient needs <see cref="AggregateRequest.SubjectColumn"/>.</param>
    /// <param name="cancellationToken">Cancels the audit write.</param>
    /// <returns>The table.</returns>
    /// <exception cref="DepersonalizationException">A column is missing or not numeric, or a small cell cannot be protected.</exception>
    ValueTask<AggregateReport> AggregateAsync(Dataset data, AggregateRequest request, ReleaseContext release, CancellationToken cancellationToken = default);
}
