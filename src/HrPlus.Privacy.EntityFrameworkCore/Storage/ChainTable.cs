using System.Runtime.CompilerServices;
using HrPlus.Privacy.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Storage;

/// <summary>
/// What the consent ledger's and the audit trail's tables share: the serialized append (tail read and sealed inside
/// the write lock, <see cref="SerializedAppend"/>) and the keyset-paged read of the whole chain.
/// </summary>
internal static class ChainTable
{
    private const int PageSize = 1000;

    /// <summary>Reads the tail, seals <typeparamref name="T"/> after it and inserts its row, all under the table's write lock.</summary>
    public static async Task<T> AppendAsync<TContext, TEntity, T>(
        IServiceScopeFactory scopes, long lockKey, Func<long, string, T> seal, Func<T, TEntity> toEntity, CancellationToken cancellationToken)
        where TContext : DbContext
        where TEntity : class, IChainRow
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = PrivacyStoreContext.Get<TContext>(scope.ServiceProvider);
        return await SerializedAppend.RunAsync(
            context,
            lockKey,
            async ct =>
            {
                var tail = await context.Set<TEntity>().AsNoTracking().OrderByDescending(e => e.Sequence)
                    .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct).ConfigureAwait(false);
                var sealedEntry = seal(tail?.Sequence ?? 0, tail?.Hash ?? AuditChain.GenesisHash);
                context.Add(toEntity(sealedEntry));
                await context.SaveChangesAsync(ct).ConfigureAwait(false);
                context.ChangeTracker.Clear();
                return sealedEntry;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the whole chain in position order, a page at a time: memory stays flat and no long reader holds a lock on SQLite.</summary>
    public static async IAsyncEnumerable<T> ReadAllAsync<TContext, TEntity, T>(
        IServiceScopeFactory scopes, Func<TEntity, T> fromEntity, [EnumeratorCancellation] CancellationToken cancellationToken)
        where TContext : DbContext
        where TEntity : class, IChainRow
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = PrivacyStoreContext.Get<TContext>(scope.ServiceProvider);
        long after = 0;
        while (true)
        {
            var page = await context.Set<TEntity>().AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence)
                .Take(PageSize).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in page)
            {
                yield return fromEntity(row);
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].Sequence;
        }
    }
}
