using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Encryption;

/// <summary>
/// Keeps field keys in the <c>hrplus_field_keys</c> table of <typeparamref name="TContext"/>, so every instance
/// of the app shares them. Each call uses its own short-lived context from a new service scope.
/// </summary>
internal sealed class EntityFrameworkCoreFieldKeyStore<TContext>(IServiceScopeFactory scopes) : IFieldKeyStore
    where TContext : DbContext
{
    public async ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var rows = await context.Set<FieldKeyEntity>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToRecord)];
    }

    public async ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        if (await context.Set<FieldKeyEntity>().AnyAsync(k => k.Id == key.Id, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        context.Add(ToEntity(key));
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance inserted the same id between the check and the insert.
            context.ChangeTracker.Clear();
            if (await context.Set<FieldKeyEntity>().AnyAsync(k => k.Id == key.Id, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            throw;
        }
    }

    public async ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var row = await context.Set<FieldKeyEntity>().SingleOrDefaultAsync(k => k.Id == key.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"There is no key {key.Id:x8} to update.");
        row.State = (int)key.State;
        row.RetiredAt = key.RetiredAt;
        row.DestroyedAt = key.DestroyedAt;
        row.ExpiresAt = key.ExpiresAt;
        row.WrappedKey = key.WrappedKey;
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
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
    };
}
