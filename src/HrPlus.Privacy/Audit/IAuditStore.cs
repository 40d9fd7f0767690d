namespace HrPlus.Privacy.Audit;

/// <summary>Persists the audit trail. Appends are serialized like the consent ledger's (tail read and sealed inside the write lock).</summary>
public interface IAuditStore
{
    /// <summary>Appends <paramref name="pending"/> and returns it sealed with <see cref="AuditChain.Seal"/>.</summary>
    ValueTask<AuditEntry> AppendAsync(AuditEntry pending, CancellationToken cancellationToken);

    /// <summary>Reads the entries about one subject, in position order.</summary>
    ValueTask<IReadOnlyList<AuditEntry>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken);

    /// <summary>Reads the last entry, or null for an empty trail.</summary>
    ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken);

    /// <summary>Reads the whole trail in position order (streamed).</summary>
    IAsyncEnumerable<AuditEntry> ReadAllAsync(CancellationToken cancellationToken);
}
