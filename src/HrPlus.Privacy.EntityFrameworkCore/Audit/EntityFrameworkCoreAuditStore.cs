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
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("audit", "get_by_subject");
        await using var scope = scopes.CreateAsyncScope();
        var context = PrivacyStoreContext.Get<TContext>(scope.ServiceProvider);
        var rows = await context.Set<AuditEntryEntity>().AsNoTracking().Where(e => e.SubjectId == subjectId).OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToEntry)];
    }

    public async ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken)
    {
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("audit", "get_head");
        await using var scope = scopes.CreateAsyncScope();
        var context = PrivacyStoreContext.Get<TContext>(scope.ServiceProvider);
        var row = await context.Set<AuditEntryEntity>().AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToEntry(row);
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
