namespace HrPlus.Privacy.Disclosures;

/// <summary>Persists the disclosure log.</summary>
public interface IDisclosureStore
{
    /// <summary>Adds a disclosure.</summary>
    ValueTask AddAsync(Disclosure disclosure, CancellationToken cancellationToken);

    /// <summary>Reads the disclosures that include a subject, oldest first.</summary>
    ValueTask<IReadOnlyList<Disclosure>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken);

    /// <summary>Reads the disclosures made with <paramref name="from"/> ≤ time &lt; <paramref name="to"/>, oldest first.</summary>
    ValueTask<IReadOnlyList<Disclosure>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
