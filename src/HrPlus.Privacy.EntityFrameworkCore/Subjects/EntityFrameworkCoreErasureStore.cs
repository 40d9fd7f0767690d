using HrPlus.Privacy.EntityFrameworkCore.Storage;
using System.Text.Json;
using HrPlus.Privacy.Subjects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Subjects;

/// <summary>Keeps erasure state in <c>hrplus_erasures</c>; each save is one committed row write.</summary>
internal sealed class EntityFrameworkCoreErasureStore<TContext>(IServiceScopeFactory scopes, HrPlus.Privacy.EntityFrameworkCore.Changes.PostgresChangeNotifications notifications) : IErasureStore
    where TContext : DbContext
{
    // The lock where the database has none that fits (another provider, an in-memory SQLite database).
    private readonly SemaphoreSlim _local = new(1, 1);

    /// <summary>
    /// Takes the erasure lock: a PostgreSQL session advisory lock, an OS lock on a file beside a SQLite database file
    /// (<c>&lt;database&gt;.hrplus-erasures.lock</c>), or a lock of this process on other providers.
    /// </summary>
    public async ValueTask<IAsyncDisposable?> TryLockAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "erasures", "lock");
        return await ErasureStoreLock.TryAcquireAsync(call.Context, _local, timeout, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SaveAsync(ErasureRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var call = StoreScope<TContext>.Open(scopes, "erasures", "save");
        var context = call.Context;
        var row = await context.Set<ErasureEntity>().SingleOrDefaultAsync(e => e.Id == record.Id, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new ErasureEntity { Id = record.Id };
            context.Add(row);
        }

        row.SubjectId = record.SubjectId;
        row.ErasedBy = record.ErasedBy;
        row.Reason = record.Reason;
        row.RequestedAt = record.RequestedAt;
        row.AuditSequence = record.AuditSequence;
        row.KeysToDestroy = record.KeysToDestroy;
        row.KeysDestroyed = record.KeysDestroyed;
        row.RecordsDeleted = JsonSerializer.Serialize(record.RecordsDeleted.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), ErasureJsonContext.Default.DictionaryStringInt32);
        row.AccessRecordsDeleted = record.AccessRecordsDeleted;
        row.CompletedAt = record.CompletedAt;
        row.IsComplete = record.IsComplete;
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (record.IsComplete)
        {
            await notifications.NotifyAsync(context, HrPlus.Privacy.Changes.PrivacyChange.Erasures, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<ErasureRecord?> FindLatestAsync(string subjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        await using var call = StoreScope<TContext>.Open(scopes, "erasures", "find_latest");
        var records = await call.Read<ErasureEntity>().Where(e => e.SubjectId == subjectId).MapToListAsync(ToRecord, cancellationToken).ConfigureAwait(false);
        return records.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id).LastOrDefault();
    }

    public async ValueTask<IReadOnlyList<ErasureRecord>> GetIncompleteAsync(CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "erasures", "get_incomplete");
        var records = await call.Read<ErasureEntity>().Where(e => !e.IsComplete).MapToListAsync(ToRecord, cancellationToken).ConfigureAwait(false);
        return [.. records.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id)];
    }

    private static ErasureRecord ToRecord(ErasureEntity e) => new()
    {
        Id = e.Id,
        SubjectId = e.SubjectId,
        ErasedBy = e.ErasedBy,
        Reason = e.Reason,
        RequestedAt = e.RequestedAt.ToUniversalTime(),
        AuditSequence = e.AuditSequence,
        KeysToDestroy = e.KeysToDestroy,
        KeysDestroyed = e.KeysDestroyed,
        RecordsDeleted = JsonSerializer.Deserialize(e.RecordsDeleted, ErasureJsonContext.Default.DictionaryStringInt32) ?? [],
        AccessRecordsDeleted = e.AccessRecordsDeleted,
        CompletedAt = e.CompletedAt?.ToUniversalTime(),
    };
}
