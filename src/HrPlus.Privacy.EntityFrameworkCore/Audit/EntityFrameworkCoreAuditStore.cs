using HrPlus.Privacy.Audit;
using HrPlus.Privacy.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Audit;

/// <summary>Keeps the audit trail in <c>hrplus_audit_entries</c>; appends serialized like the consent ledger's.</summary>
internal sealed class EntityFrameworkCoreAuditStore<TContext>(IServiceScopeFactory scopes) : IAuditStore
    where TContext : DbContext
{
    /// <summary>The PostgreSQL advisory lock key of the audit trail ("HP" + 2).</summary>
    internal const long LockKey = 0x4850_0002;

    public async ValueTask<AuditEntry> AppendAsync(AuditEntry pending, CancellationToken cancellationToken)
    {
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("audit", "append");
        ArgumentNullException.ThrowIfNull(pending);
        return await ChainTable.AppendAsync<TContext, AuditEntryEntity, AuditEntry>(
            scopes, LockKey, (sequence, hash) => AuditChain.Seal(pending, sequence, hash), ToEntity, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<AuditEntry>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "audit", "get_by_subject");
        return await ChainTable.ReadInOrderAsync(call.Read<AuditEntryEntity>().Where(e => e.SubjectId == subjectId), ToEntry, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "audit", "get_head");
        return await ChainTable.ReadLastAsync(call.Read<AuditEntryEntity>(), ToEntry, cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<AuditEntry> ReadAllAsync(CancellationToken cancellationToken) =>
        ChainTable.ReadAllAsync<TContext, AuditEntryEntity, AuditEntry>(scopes, ToEntry, cancellationToken);

    internal static AuditEntryEntity ToEntity(AuditEntry e) => new()
    {
        Sequence = e.Sequence,
        EntryId = e.EntryId,
        OccurredAt = e.OccurredAt,
        Operation = (int)e.Operation,
        Actor = e.Actor,
        SubjectId = e.SubjectId,
        Purpose = e.Purpose,
        Target = e.Target,
        Detail = e.Detail,
        PreviousHash = e.PreviousHash,
        Hash = e.Hash,
    };

    private static AuditEntry ToEntry(AuditEntryEntity e) => new()
    {
        Sequence = e.Sequence,
        EntryId = e.EntryId,
        OccurredAt = e.OccurredAt.ToUniversalTime(),
        Operation = (AuditOperation)e.Operation,
        Actor = e.Actor,
        SubjectId = e.SubjectId,
        Purpose = e.Purpose,
        Target = e.Target,
        Detail = e.Detail,
        PreviousHash = e.PreviousHash,
        Hash = e.Hash,
    };
}
