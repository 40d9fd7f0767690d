namespace HrPlus.Privacy.Consent;

/// <summary>
/// Persists the consent ledger. Appends are serialized by the store (a lock, SQLite <c>BEGIN IMMEDIATE</c>, a
/// PostgreSQL advisory lock): the tail is read and the new event sealed with <see cref="ConsentChain.Seal"/>
/// inside the same write transaction.
/// </summary>
public interface IConsentLedgerStore
{
    /// <summary>Appends <paramref name="pending"/> at the end of the ledger and returns it sealed (sequence and hashes set).</summary>
    ValueTask<ConsentEvent> AppendAsync(ConsentEvent pending, CancellationToken cancellationToken);

    /// <summary>
    /// Finds the last event (by sequence) for the subject and purpose, among those that occurred at or before
    /// <paramref name="asOf"/> when it is given.
    /// </summary>
    ValueTask<ConsentEvent?> FindLatestAsync(string subjectId, string purpose, DateTimeOffset? asOf, CancellationToken cancellationToken);

    /// <summary>Reads every event of one subject, in sequence order.</summary>
    ValueTask<IReadOnlyList<ConsentEvent>> GetHistoryAsync(string subjectId, CancellationToken cancellationToken);

    /// <summary>Finds one event by id.</summary>
    ValueTask<ConsentEvent?> FindAsync(Guid eventId, CancellationToken cancellationToken);

    /// <summary>Reads the whole ledger in sequence order (streamed).</summary>
    IAsyncEnumerable<ConsentEvent> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reads, for one purpose, the latest event of each subject among those that occurred at or before
    /// <paramref name="asOf"/>, keeping only consents that ended at or before <paramref name="endedBy"/>: a withdrawal,
    /// or a grant whose term ran out. The retention query asks this per purpose instead of reading the whole ledger.
    /// </summary>
    /// <remarks>The default reads the whole ledger; the SDK's stores override it with a query by purpose.</remarks>
    IAsyncEnumerable<ConsentEvent> ReadEndedAsync(string purpose, DateTimeOffset asOf, DateTimeOffset endedBy, CancellationToken cancellationToken) =>
        ConsentRetention.EndedAsync(ReadAllAsync(cancellationToken), purpose, asOf, endedBy, cancellationToken);
}
