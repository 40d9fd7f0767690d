namespace HrPlus.Privacy.Disclosures;

/// <summary>Keeps the disclosure log in process memory; for tests and demos.</summary>
public sealed class InMemoryDisclosureStore : IDisclosureStore
{
    private readonly Lock _lock = new();
    private readonly List<Disclosure> _disclosures = [];

    /// <inheritdoc/>
    public ValueTask AddAsync(Disclosure disclosure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        lock (_lock)
        {
            _disclosures.Add(disclosure);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<Disclosure>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<Disclosure>>([.. _disclosures.Where(d => d.Subjects.Contains(subjectId)).OrderBy(d => d.DisclosedAt)]);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<Disclosure>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<Disclosure>>([.. _disclosures.Where(d => d.DisclosedAt >= from && d.DisclosedAt < to).OrderBy(d => d.DisclosedAt)]);
        }
    }
}
