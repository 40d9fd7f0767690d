namespace HrPlus.Privacy.Disclosures;

/// <summary>The log of transfers to state bodies (policy clause 5.2); each is also an audit entry per subject.</summary>
public interface IDisclosureLog
{
    /// <summary>Records a transfer and appends a <c>Transfer</c> audit entry for each subject.</summary>
    /// <exception cref="ArgumentException">A missing field, an IIN where an id belongs, a time in the future.</exception>
    ValueTask<Disclosure> RecordAsync(DisclosureRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gets the transfers that included a subject (for the subject's access export).</summary>
    ValueTask<IReadOnlyList<Disclosure>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken = default);

    /// <summary>Gets the transfers in a period.</summary>
    ValueTask<IReadOnlyList<Disclosure>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
