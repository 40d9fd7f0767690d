using System.Runtime.CompilerServices;
using HrPlus.Privacy.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Storage;

/// <summary>
/// What the consent ledger's and the audit trail's tables share: the serialized append (tail read and sealed inside
/// the write lock, <see cref="SerializedAppend"/>), the keyset-paged read of the whole chain, and reads in chain order.
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
        await using var call = StoreScope<TContext>.Open(scopes);
        var context = call.Context;
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
        await using var call = StoreScope<TContext>.Open(scopes);
        long after = 0;
        while (true)
        {
            var page = await call.Read<TEntity>().Where(e => e.Sequence > after).OrderBy(e => e.Sequence)
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

    /// <summary>Reads the rows <paramref name="rows"/> selects, in chain order.</summary>
    public static ValueTask<IReadOnlyList<T>> ReadInOrderAsync<TEntity, T>(IQueryable<TEntity> rows, Func<TEntity, T> map, CancellationToken cancellationToken)
        where TEntity : class, IChainRow =>
        rows.OrderBy(e => e.Sequence).MapToListAsync(map, cancellationToken);

    /// <summary>Reads the last of the rows <paramref name="rows"/> selects in chain order, or null when it selects none.</summary>
    public static async ValueTask<T?> ReadLastAsync<TEntity, T>(IQueryable<TEntity> rows, Func<TEntity, T> map, CancellationToken cancellationToken)
        where TEntity : class, IChainRow
        where T : class
    {
        var row = await rows.OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : map(row);
    }
}
