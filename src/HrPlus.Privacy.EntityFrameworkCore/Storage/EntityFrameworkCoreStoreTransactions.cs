using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Disclosures;
using HrPlus.Privacy.EntityFrameworkCore.Audit;
using HrPlus.Privacy.EntityFrameworkCore.Disclosures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Storage;

/// <summary>
/// One transaction over the audit trail and the disclosure log of <typeparamref name="TContext"/>: the audit trail's
/// serialized append (<see cref="SerializedAppend"/>: SQLite <c>BEGIN IMMEDIATE</c>, PostgreSQL's advisory lock of the
/// audit trail) is taken once and held until the commit, and every write of the unit goes through one context on it.
/// </summary>
/// <remarks>
/// Covers only the SDK's own EF Core stores of this context: a host that replaced either store (another database, an
/// in-memory store, a decorator) gets the ordered writes instead.
/// </remarks>
internal sealed class EntityFrameworkCoreStoreTransactions<TContext>(IServiceScopeFactory scopes) : IStoreTransactions
    where TContext : DbContext
{
    public bool Covers(IAuditStore audit, IDisclosureStore disclosures) =>
        audit is EntityFrameworkCoreAuditStore<TContext> && disclosures is EntityFrameworkCoreDisclosureStore<TContext>;

    public async Task<T> RunAsync<T>(Func<IAuditStore, IDisclosureStore, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("audit", "transaction");
        await using var scope = scopes.CreateAsyncScope();
        var context = PrivacyStoreContext.Get<TContext>(scope.ServiceProvider);
        var outside = scope.ServiceProvider;
        return await SerializedAppend.RunAsync(
            context,
            EntityFrameworkCoreAuditStore<TContext>.LockKey,
            ct => work(new BoundAuditStore(context, outside.GetRequiredService<IAuditStore>()), new BoundDisclosureStore(context, outside.GetRequiredService<IDisclosureStore>()), ct),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends on the unit's context: the lock is already held, so the tail is read inside the transaction and includes the
    /// unit's own earlier appends. Reads go to the store itself (they see committed entries only).
    /// </summary>
    private sealed class BoundAuditStore(TContext context, IAuditStore store) : IAuditStore
    {
        public async ValueTask<AuditEntry> AppendAsync(AuditEntry pending, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(pending);
            var tail = await context.Set<AuditEntryEntity>().AsNoTracking().OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            var sealedEntry = AuditChain.Seal(pending, tail?.Sequence ?? 0, tail?.Hash ?? AuditChain.GenesisHash);
            context.Add(EntityFrameworkCoreAuditStore<TContext>.ToEntity(sealedEntry));
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            context.ChangeTracker.Clear();
            return sealedEntry;
        }

        public ValueTask<IReadOnlyList<AuditEntry>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken) =>
            store.GetBySubjectAsync(subjectId, cancellationToken);

        public ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken) => store.GetHeadAsync(cancellationToken);

        public IAsyncEnumerable<AuditEntry> ReadAllAsync(CancellationToken cancellationToken) => store.ReadAllAsync(cancellationToken);
    }

    /// <summary>Adds disclosures on the unit's context; reads go to the store itself.</summary>
    private sealed class BoundDisclosureStore(TContext context, IDisclosureStore store) : IDisclosureStore
    {
        public async ValueTask AddAsync(Disclosure disclosure, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(disclosure);
            context.Add(EntityFrameworkCoreDisclosureStore<TContext>.ToEntity(disclosure));
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            context.ChangeTracker.Clear();
        }

        public ValueTask<IReadOnlyList<Disclosure>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken) =>
            store.GetBySubjectAsync(subjectId, cancellationToken);

        public ValueTask<IReadOnlyList<Disclosure>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            store.ListAsync(from, to, cancellationToken);
    }
}
