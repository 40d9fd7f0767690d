using System.Runtime.CompilerServices;

namespace HrPlus.Privacy.Consent;

/// <summary>Keeps the consent ledger in process memory; for tests and demos.</summary>
public sealed class InMemoryConsentLedgerStore : IConsentLedgerStore
{
    private readonly Lock _lock = new();
    private readonly List<ConsentEvent> _events = [];

    /// <inheritdoc/>
    public ValueTask<ConsentEvent> AppendAsync(ConsentEvent pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        lock (_lock)
        {
            var last = _events.Count == 0 ? null : _events[^1];
            var sealedEvent = ConsentChain.Seal(pending, last?.Sequence ?? 0, last?.Hash ?? ConsentChain.GenesisHash);
            _events.Add(sealedEvent);
            return ValueTask.FromResult(sealedEvent);
        }
    }

    /// <inheritdoc/>
    public ValueTask<ConsentEvent?> FindLatestAsync(string subjectId, string purpose, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var found = _events.FindLast(e => e.SubjectId == subjectId && e.Purpose == purpose && (asOf is null || e.OccurredAt <= asOf));
            return ValueTask.FromResult(found);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ConsentEvent>> GetHistoryAsync(string subjectId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<ConsentEvent>>([.. _events.Where(e => e.SubjectId == subjectId)]);
        }
    }

    /// <inheritdoc/>
    public ValueTask<ConsentEvent?> FindAsync(Guid eventId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_events.Find(e => e.EventId == eventId));
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ConsentEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ConsentEvent[] snapshot;
        lock (_lock)
        {
            snapshot = [.. _events];
        }

        foreach (var e in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Replaces the event at <paramref name="index"/> (0-based) without resealing: for tamper tests only.</summary>
    internal void TamperForTests(int index, ConsentEvent replacement)
    {
        lock (_lock)
        {
            _events[index] = replacement;
        }
    }

    /// <summary>Removes the event at <paramref name="index"/> (0-based): for tamper tests only.</summary>
    internal void RemoveForTests(int index)
    {
        lock (_lock)
        {
            _events.RemoveAt(index);
        }
    }
}
