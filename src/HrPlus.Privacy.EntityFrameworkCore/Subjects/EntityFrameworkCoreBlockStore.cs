using HrPlus.Privacy.EntityFrameworkCore.Storage;
using HrPlus.Privacy.Subjects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Subjects;

/// <summary>Keeps subject blocks in <c>hrplus_subject_blocks</c>.</summary>
internal sealed class EntityFrameworkCoreBlockStore<TContext>(IServiceScopeFactory scopes, HrPlus.Privacy.EntityFrameworkCore.Changes.PostgresChangeNotifications notifications) : IBlockStore
    where TContext : DbContext
{
    public async ValueTask AddAsync(SubjectBlock block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(block);
        await using var call = StoreScope<TContext>.Open(scopes, "blocks", "add");
        await call.InsertAsync(ToEntity(block), cancellationToken).ConfigureAwait(false);
        await notifications.NotifyAsync(call.Context, HrPlus.Privacy.Changes.PrivacyChange.Blocks, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask UpdateAsync(SubjectBlock block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(block);
        await using var call = StoreScope<TContext>.Open(scopes, "blocks", "update");
        await call.UpdateAsync<SubjectBlockEntity>(b => b.Id == block.Id, "There is no such block.", row => CopyUnblocking(block, row), cancellationToken).ConfigureAwait(false);
        await notifications.NotifyAsync(call.Context, HrPlus.Privacy.Changes.PrivacyChange.Blocks, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<SubjectBlock>> GetActiveAsync(CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "blocks", "get_active");
        return await call.Read<SubjectBlockEntity>().Where(b => b.IsActive).MapToListAsync(ToBlock, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<SubjectBlock>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        await using var call = StoreScope<TContext>.Open(scopes, "blocks", "get_by_subject");
        var blocks = await call.Read<SubjectBlockEntity>().Where(b => b.SubjectId == subjectId).MapToListAsync(ToBlock, cancellationToken).ConfigureAwait(false);
        return [.. blocks.OrderBy(b => b.BlockedAt).ThenBy(b => b.Id)];
    }

    private static SubjectBlockEntity ToEntity(SubjectBlock b) => new()
    {
        Id = b.Id,
        SubjectId = b.SubjectId,
        Reason = b.Reason,
        Requester = (int)b.Requester,
        BlockedBy = b.BlockedBy,
        BlockedAt = b.BlockedAt,
        UnblockedAt = b.UnblockedAt,
        UnblockedBy = b.UnblockedBy,
        IsActive = b.IsActive,
    };

    // A block changes only by being lifted.
    private static void CopyUnblocking(SubjectBlock block, SubjectBlockEntity row)
    {
        row.UnblockedAt = block.UnblockedAt;
        row.UnblockedBy = block.UnblockedBy;
        row.IsActive = block.IsActive;
    }

    private static SubjectBlock ToBlock(SubjectBlockEntity b) => new()
    {
        Id = b.Id,
        SubjectId = b.SubjectId,
        Reason = b.Reason,
        Requester = (BlockRequester)b.Requester,
        BlockedBy = b.BlockedBy,
        BlockedAt = b.BlockedAt.ToUniversalTime(),
        UnblockedAt = b.UnblockedAt?.ToUniversalTime(),
        UnblockedBy = b.UnblockedBy,
    };
}
