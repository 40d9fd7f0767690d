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
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("blocks", "add");
        ArgumentNullException.ThrowIfNull(block);
        await using var scope = scopes.CreateAsyncScope();
        var context = PrivacyStoreContext.Get<TContext>(scope.ServiceProvider);
        context.Add(ToEntity(block));
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await notifications.NotifyAsync(context, HrPlus.Privacy.Changes.PrivacyChange.Blocks, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask UpdateAsync(SubjectBlock block, CancellationToken cancellationToken)
    {
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("blocks", "update");
        ArgumentNullException.ThrowIfNull(block);
        await using var scope = scopes.CreateAsyncScope();
        var context = PrivacyStoreContext.Get<TContext>(scope.ServiceProvider);
        var row = await context.Set<SubjectBlockEntity>().SingleOrDefaultAsync(b => b.Id == block.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException("There is no such block.");
        row.UnblockedAt = block.UnblockedAt;
        row.UnblockedBy = block.UnblockedBy;
        row.IsActive = block.IsActive;
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await notifications.NotifyAsync(context, HrPlus.Privacy.Changes.PrivacyChange.Blocks, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<SubjectBlock>> GetActiveAsync(CancellationToken cancellationToken)
    {
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("blocks", "get_active");
        await using var scope = scopes.CreateAsyncScope();
        var context = PrivacyStoreContext.Get<TContext>(scope.ServiceProvider);
        var rows = await context.Set<SubjectBlockEntity>().AsNoTracking().Where(b => b.IsActive).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToBlock)];
    }

    public async ValueTask<IReadOnlyList<SubjectBlock>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken)
    {
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("blocks", "get_by_subject");
        ArgumentNullException.ThrowIfNull(subjectId);
        await using var scope = scopes.CreateAsyncScope();
        var context = PrivacyStoreContext.Get<TContext>(scope.ServiceProvider);
        var rows = await context.Set<SubjectBlockEntity>().AsNoTracking().Where(b => b.SubjectId == subjectId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToBlock).OrderBy(b => b.BlockedAt).ThenBy(b => b.Id)];
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
