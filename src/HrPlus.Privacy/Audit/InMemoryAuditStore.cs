using System.Runtime.CompilerServices;

namespace HrPlus.Privacy.Audit;

/// <summary>Keeps the audit trail in process memory; for tests and demos.</summary>
public sealed class InMemoryAuditStore : IAuditStore
{
    private readonly Lock _lock = new();
    private readonly List<AuditEntry> _entries = [];

    /// <inheritdoc/>
    public ValueTask<AuditEntry> AppendAsync(AuditEntry pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        lock (_lock)
        {
            var last = _entries.Count == 0 ? null : _entries[^1];
            var sealedEntry = AuditChain.Seal(pending, last?.Sequence ?? 0, last?.Hash ?? AuditChain.GenesisHash);
            _entries.Add(sealedEntry);
            return ValueTask.FromResult(sealedEntry);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<AuditEntry>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<AuditEntry>>([.. _entries.Where(e => e.SubjectId == subjectId)]);
        }
    }

    /// <inheritdoc/>
    public ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_entries.Count == 0 ? null : _entries[^1]);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<AuditEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        AuditEntry[] snapshot;
        lock (_lock)
        {
            snapshot = [.. _entries];
        }

        foreach (var entry in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    internal void ReplaceForTests(int index, AuditEntry entry)
    {
        lock (_lock)
        {
            _entries[index] = entry;
        }
    }

    internal void RemoveForTests(int index)
    {
        lock (_lock)
        {
            _entries.RemoveAt(index);
        }
    }
}
