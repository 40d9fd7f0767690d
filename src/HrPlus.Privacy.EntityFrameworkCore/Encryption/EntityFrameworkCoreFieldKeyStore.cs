using HrPlus.Privacy.EntityFrameworkCore.Storage;
using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Encryption;

/// <summary>
/// Keeps field keys in the <c>hrplus_field_keys</c> table of <typeparamref name="TContext"/>, so every instance
/// of the app shares them. Each call uses its own short-lived context from a new service scope.
/// </summary>
/// <remarks>
/// <para>Updates are single conditional <c>UPDATE</c> statements (the condition in their <c>WHERE</c>), so the database makes the
/// comparison and the write one atomic step on every provider: a destroyed row is never written back, and of two
/// instances updating from the same read exactly one succeeds.</para>
/// <para>A key that must be one of a kind in the fleet (<see cref="IFieldKeyStore.TryAddIfSlotFreeAsync"/>) is added in a
/// serialized transaction (SQLite <c>BEGIN IMMEDIATE</c>, a PostgreSQL advisory lock) that checks the slot and inserts; a
/// unique index over <see cref="FieldKeyEntity.LiveSubjectId"/> also refuses a second live key of one subject.</para>
/// </remarks>
internal sealed partial class EntityFrameworkCoreFieldKeyStore<TContext>(IServiceScopeFactory scopes, HrPlus.Privacy.EntityFrameworkCore.Changes.PostgresChangeNotifications? notifications) : IBlockingFieldKeyStore
    where TContext : DbContext
{
    internal const long FieldKeysLockKey = 0x4850_0003;
    internal const long EpochKeysLockKey = 0x4850_0004;
    private const int Destroyed = (int)FieldKeyState.Destroyed;
    private const int Active = (int)FieldKeyState.Active;

    /// <summary>
    /// Gets whether this store keeps epoch keys (<c>PersistEpochKeysToDbContext</c>): its context maps
    /// <see cref="FieldKeyEntity"/> to <c>hrplus_epoch_keys</c> and no change is published.
    /// </summary>
    public bool ForEpochKeys { get; init; }

    public async ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "keys", "get_all", Context);
        return await call.Read<FieldKeyEntity>().MapToListAsync(ToRecord, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var call = StoreScope<TContext>.Open(scopes, "keys", "try_add", Context);

        // Another instance may insert the same id between the check and the insert: the primary key refuses the second.
        if (!await call.TryInsertAsync(ToEntity(key), k => k.Id == key.Id, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (key.Purpose != FieldKeyPurpose.SubjectEncryption)
        {
            // A new subject's key is found by other instances when they meet it; shared keys change what they encrypt under.
            await Notify(call.Context, HrPlus.Privacy.Changes.PrivacyChange.Keys, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public async ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var call = StoreScope<TContext>.Open(scopes, "keys", "update", Context);
        var context = call.Context;
        var destroys = key.State == FieldKeyState.Destroyed;
        var rows = context.Set<FieldKeyEntity>().Where(k => k.Id == key.Id && (destroys || k.State != Destroyed));
        if (await SetAsync(rows, key, cancellationToken).ConfigureAwait(false) == 1)
        {
            await Notify(context, HrPlus.Privacy.Changes.PrivacyChange.Keys, cancellationToken).ConfigureAwait(false);
            return;
        }

        throw await context.Set<FieldKeyEntity>().AnyAsync(k => k.Id == key.Id, cancellationToken).ConfigureAwait(false)
            ? new InvalidOperationException($"The key {key.Id:x8} is destroyed; a destroyed key is never brought back.")
            : new InvalidOperationException($"There is no key {key.Id:x8} to update.");
    }

    public ValueTask<bool> TryUpdateAsync(FieldKeyRecord key, FieldKeyRecord expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(expected);
        return TryUpdateCoreAsync(key, expected, async: true, cancellationToken);
    }

    private async ValueTask<bool> TryUpdateCoreAsync(FieldKeyRecord key, FieldKeyRecord expected, bool async, CancellationToken cancellationToken)
    {
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("keys", "try_update");
        if (key.Id != expected.Id)
        {
            return false;
        }

        using var scope = scopes.CreateScope();
        var context = Context(scope.ServiceProvider);

        // The WHERE clause is FieldKeyRecordVersion.Matches, plus "not destroyed", evaluated by the database.
        var state = (int)expected.State;
        var reserved = expected.ReservedEncryptions;
        var wrapping = expected.WrappingVersion;
        var rows = context.Set<FieldKeyEntity>().Where(k =>
            k.Id == key.Id && k.State != Destroyed && k.State == state && k.ReservedEncryptions == reserved && k.WrappingVersion == wrapping);
        if (await SetAsync(rows, key, async, cancellationToken).ConfigureAwait(false) != 1)
        {
            return false;
        }

        // A reservation of encryptions changes nothing another instance caches; a state change (retired, destroyed) does.
        if (key.State != expected.State)
        {
            await Notify(context, HrPlus.Privacy.Changes.PrivacyChange.Keys, async, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public async ValueTask<FieldKeyRecord?> GetAsync(uint id, CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "keys", "get", Context);
        long key = id;
        var row = await call.Read<FieldKeyEntity>().FirstOrDefaultAsync(k => k.Id == key, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToRecord(row);
    }

    // Synchronous on purpose: the key ring calls it from threads that block (see IFieldKeyStore.Get), and a synchronous
    // query needs no other thread-pool thread to finish.
    public FieldKeyRecord? Get(uint id)
    {
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("keys", "get");
        using var scope = scopes.CreateScope();
        var context = Context(scope.ServiceProvider);
        long key = id;
        var row = context.Set<FieldKeyEntity>().AsNoTracking().FirstOrDefault(k => k.Id == key);
        return row is null ? null : ToRecord(row);
    }

    public async ValueTask<IReadOnlyList<FieldKeyRecord>> GetLiveAsync(FieldKeyPurpose purpose, string? subjectId, CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "keys", "get_live", Context);
        return await LiveAsync(call.Context, purpose, subjectId, async: true, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<FieldKeyRecord?> TryAddIfSlotFreeAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var scope = scopes.CreateAsyncScope();
        return await TryAddIfSlotFreeCoreAsync(scope.ServiceProvider, key, async: true, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<FieldKeyRecord?> TryAddIfSlotFreeCoreAsync(IServiceProvider services, FieldKeyRecord key, bool async, CancellationToken cancellationToken)
    {
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("keys", "try_add_if_slot_free");
        for (var attempt = 0; ; attempt++)
        {
            var context = Context(services);
            try
            {
                async Task<(FieldKeyRecord? Record, bool Added)> Append(CancellationToken ct)
                {
                    var live = await LiveAsync(context, key.Purpose, key.SubjectId, async, ct).ConfigureAwait(false);
                    if (FieldKeySlot.Holder(live, key) is { } holder)
                    {
                        return (holder, false);
                    }

                    long id = key.Id;
                    var ids = context.Set<FieldKeyEntity>().Where(k => k.Id == id);
                    if (async ? await ids.AnyAsync(ct).ConfigureAwait(false) : ids.Any())
                    {
                        return (null, false);
                    }

                    context.Add(ToEntity(key));
                    _ = async ? await context.SaveChangesAsync(ct).ConfigureAwait(false) : context.SaveChanges();
                    return (key, true);
                }

                var lockKey = ForEpochKeys ? EpochKeysLockKey : FieldKeysLockKey;
                var added = async
                    ? await SerializedAppend.RunAsync(context, lockKey, Append, cancellationToken).ConfigureAwait(false)
                    : SerializedAppend.Run(context, lockKey, () => Append(CancellationToken.None).GetAwaiter().GetResult());
                if (added.Added && key.Purpose != FieldKeyPurpose.SubjectEncryption)
                {
                    await Notify(context, HrPlus.Privacy.Changes.PrivacyChange.Keys, async, cancellationToken).ConfigureAwait(false);
                }

                return added.Record;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // The unique index over live subject keys refused a second one (a writer outside the serialized path, such as
                // an earlier release): read the slot again, in a fresh context.
                context.ChangeTracker.Clear();
            }
        }
    }

    private static async ValueTask<IReadOnlyList<FieldKeyRecord>> LiveAsync(DbContext context, FieldKeyPurpose purpose, string? subjectId, bool async, CancellationToken cancellationToken)
    {
        var p = (int)purpose;
        var rows = (subjectId is null
            ? context.Set<FieldKeyEntity>().Where(k => k.Purpose == p && k.State == Active && k.SubjectId == null)
            : context.Set<FieldKeyEntity>().Where(k => k.SubjectId == subjectId && k.Purpose == p && k.State == Active)).AsNoTracking();
        return async ? await rows.MapToListAsync(ToRecord, cancellationToken).ConfigureAwait(false) : [.. rows.AsEnumerable().Select(ToRecord)];
    }

    private TContext Context(IServiceProvider services) =>
        ForEpochKeys ? EpochKeyContext.Get<TContext>(services) : PrivacyStoreContext.Get<TContext>(services);

    private ValueTask Notify(DbContext context, HrPlus.Privacy.Changes.PrivacyChange change, CancellationToken cancellationToken) =>
        Notify(context, change, async: true, cancellationToken);

    private ValueTask Notify(DbContext context, HrPlus.Privacy.Changes.PrivacyChange change, bool async, CancellationToken cancellationToken)
    {
        if (ForEpochKeys || notifications is null)
        {
            return ValueTask.CompletedTask;
        }

        if (async)
        {
            return notifications.NotifyAsync(context, change, cancellationToken);
        }

        notifications.Notify(context, change);
        return ValueTask.CompletedTask;
    }

    private static Task<int> SetAsync(IQueryable<FieldKeyEntity> rows, FieldKeyRecord key, CancellationToken cancellationToken) =>
        SetAsync(rows, key, async: true, cancellationToken);

    private static Task<int> SetAsync(IQueryable<FieldKeyEntity> rows, FieldKeyRecord key, bool async, CancellationToken cancellationToken)
    {
        void Set(Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<FieldKeyEntity> set) => set
            .SetProperty(k => k.State, (int)key.State)
            .SetProperty(k => k.ExpiresAt, key.ExpiresAt)
            .SetProperty(k => k.RetiredAt, key.RetiredAt)
            .SetProperty(k => k.DestroyedAt, key.DestroyedAt)
            .SetProperty(k => k.WrappedKey, key.WrappedKey)
            .SetProperty(k => k.ReservedEncryptions, key.ReservedEncryptions)
            .SetProperty(k => k.WrappingVersion, key.WrappingVersion)
            .SetProperty(k => k.LiveSubjectId, LiveSubjectOf(key));
        return async ? rows.ExecuteUpdateAsync(Set, cancellationToken) : Task.FromResult(rows.ExecuteUpdate(Set));
    }

    private static FieldKeyRecord ToRecord(FieldKeyEntity row) => new()
    {
        Id = checked((uint)row.Id),
        Purpose = (FieldKeyPurpose)row.Purpose,
        State = (FieldKeyState)row.State,
        CreatedAt = row.CreatedAt,
        ActivatesAt = row.ActivatesAt,
        ExpiresAt = row.ExpiresAt,
        RetiredAt = row.RetiredAt,
        DestroyedAt = row.DestroyedAt,
        WrappedKey = row.WrappedKey,
        SubjectId = row.SubjectId,
        ReservedEncryptions = row.ReservedEncryptions,
        WrappingVersion = row.WrappingVersion,
    };

    private static FieldKeyEntity ToEntity(FieldKeyRecord key) => new()
    {
        Id = key.Id,
        Purpose = (int)key.Purpose,
        State = (int)key.State,
        CreatedAt = key.CreatedAt,
        ActivatesAt = key.ActivatesAt,
        ExpiresAt = key.ExpiresAt,
        RetiredAt = key.RetiredAt,
        DestroyedAt = key.DestroyedAt,
        WrappedKey = key.WrappedKey,
        SubjectId = key.SubjectId,
        ReservedEncryptions = key.ReservedEncryptions,
        WrappingVersion = key.WrappingVersion,
        LiveSubjectId = LiveSubjectOf(key),
    };

    private static string? LiveSubjectOf(FieldKeyRecord key) =>
        key.Purpose == FieldKeyPurpose.SubjectEncryption && key.State == FieldKeyState.Active ? key.SubjectId : null;
}
