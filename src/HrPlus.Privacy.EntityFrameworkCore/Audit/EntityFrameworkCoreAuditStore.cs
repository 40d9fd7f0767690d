using System.Runtime.CompilerServices;
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
        ArgumentNullException.ThrowIfNull(pending);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        return await SerializedAppend.RunAsync(
            context,
            LockKey,
            async ct =>
            {
                var tail = await context.Set<AuditEntryEntity>().AsNoTracking().OrderByDescending(e => e.Sequence)
                    .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct).ConfigureAwait(false);
                var sealedEntry = AuditChain.Seal(pending, tail?.Sequence ?? 0, tail?.Hash ?? AuditChain.GenesisHash);
                context.Add(ToEntity(sealedEntry));
                await context.SaveChangesAsync(ct).ConfigureAwait(false);
                context.ChangeTracker.Clear();
                return sealedEntry;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<AuditEntry>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var rows = await context.Set<AuditEntryEntity>().AsNoTracking().Where(e => e.SubjectId == subjectId).OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToEntry)];
    }

    public async ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var row = await context.Set<AuditEntryEntity>().AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToEntry(row);
    }

    public async IAsyncEnumerable<AuditEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int PageSize = 1000;
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        long after = 0;
        while (true)
        {
            var page = await context.Set<AuditEntryEntity>().AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence)
                .Take(PageSize).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in page)
            {
                yield return ToEntry(row);
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].Sequence;
        }
    }

    private static AuditEntryEntity ToEntity(AuditEntry e) => new()
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
