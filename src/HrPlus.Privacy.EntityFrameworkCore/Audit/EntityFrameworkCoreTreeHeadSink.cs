using System.Runtime.CompilerServices;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Audit;

/// <summary>Keeps signed tree heads in <c>hrplus_signed_tree_heads</c> (the last resort; see <see cref="SignedTreeHeadEntity"/>).</summary>
internal sealed class EntityFrameworkCoreTreeHeadSink<TContext>(IServiceScopeFactory scopes) : ISignedTreeHeadSink
    where TContext : DbContext
{
    public async ValueTask WriteAsync(SignedTreeHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        await using var call = StoreScope<TContext>.Open(scopes);
        await call.InsertAsync(new SignedTreeHeadEntity { Log = (int)head.Log, TreeSize = head.TreeSize, Line = head.ToString() }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<SignedTreeHead?> ReadLatestAsync(HashChainedLog log, CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes);
        var line = await call.Read<SignedTreeHeadEntity>().Where(e => e.Log == (int)log).OrderByDescending(e => e.Id)
            .Select(e => e.Line).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return SignedTreeHead.TryParse(line, out var head) && head.Log == log ? head : null;
    }

    public async IAsyncEnumerable<SignedTreeHead> ReadAllAsync(HashChainedLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes);
        var lines = await call.Read<SignedTreeHeadEntity>().Where(e => e.Log == (int)log).OrderBy(e => e.Id)
            .Select(e => e.Line).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var line in lines)
        {
            if (SignedTreeHead.TryParse(line, out var head) && head.Log == log)
            {
                yield return head;
            }
        }
    }
}
