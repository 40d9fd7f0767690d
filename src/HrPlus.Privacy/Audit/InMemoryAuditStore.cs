namespace HrPlus.Privacy.Audit;

/// <summary>Keeps the audit trail in process memory; for tests and demos.</summary>
public sealed class InMemoryAuditStore : IAuditStore
{
    private readonly InMemoryHashChain<AuditEntry> _chain = new(AuditChain.Links);

    /// <inheritdoc/>
    public ValueTask<AuditEntry> AppendAsync(AuditEntry pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        return ValueTask.FromResult(_chain.Append((sequence, hash) => AuditChain.Seal(pending, sequence, hash)));
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<AuditEntry>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<AuditEntry>>(_chain.Where(e => e.SubjectId == subjectId));

    /// <inheritdoc/>
    public ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_chain.Head());

    /// <inheritdoc/>
    public IAsyncEnumerable<AuditEntry> ReadAllAsync(CancellationToken cancellationToken) => _chain.ReadAllAsync(cancellationToken);

    internal void ReplaceForTests(int index, AuditEntry entry) => _chain.Replace(index, entry);

    internal void RemoveForTests(int index) => _chain.RemoveAt(index);
}
