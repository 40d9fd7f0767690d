using HrPlus.Privacy.Audit;

namespace HrPlus.Privacy.Consent;

/// <summary>Keeps the consent ledger in process memory; for tests and demos.</summary>
public sealed class InMemoryConsentLedgerStore : IConsentLedgerStore
{
    private readonly InMemoryHashChain<ConsentEvent> _chain = new(ConsentChain.Links);

    /// <inheritdoc/>
    public ValueTask<ConsentEvent> AppendAsync(ConsentEvent pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        return ValueTask.FromResult(_chain.Append((sequence, hash) => ConsentChain.Seal(pending, sequence, hash)));
    }

    /// <inheritdoc/>
    public ValueTask<ConsentEvent?> FindLatestAsync(string subjectId, string purpose, DateTimeOffset? asOf, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_chain.FindLast(e => e.SubjectId == subjectId && e.Purpose == purpose && (asOf is null || e.OccurredAt <= asOf)));

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ConsentEvent>> GetHistoryAsync(string subjectId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ConsentEvent>>(_chain.Where(e => e.SubjectId == subjectId));

    /// <inheritdoc/>
    public ValueTask<ConsentEvent?> FindAsync(Guid eventId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_chain.FindLast(e => e.EventId == eventId));

    /// <inheritdoc/>
    public IAsyncEnumerable<ConsentEvent> ReadAllAsync(CancellationToken cancellationToken) => _chain.ReadAllAsync(cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<ConsentEvent> ReadEndedAsync(string purpose, DateTimeOffset asOf, DateTimeOffset endedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        return ConsentRetention.EndedAsync(_chain.Where(e => e.Purpose == purpose).ToAsyncEnumerable(), purpose, asOf, endedBy, cancellationToken);
    }

    /// <summary>Replaces the event at <paramref name="index"/> (0-based) without resealing: for tamper tests only.</summary>
    internal void TamperForTests(int index, ConsentEvent replacement) => _chain.Replace(index, replacement);

    /// <summary>Removes the event at <paramref name="index"/> (0-based): for tamper tests only.</summary>
    internal void RemoveForTests(int index) => _chain.RemoveAt(index);
}
