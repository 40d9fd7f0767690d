using System.Diagnostics;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Storage;

/// <summary>
/// One call of an EF Core store: its span, a service scope of its own and the host's context from it (each store call
/// uses a short-lived context, so stores are safe to share between threads), and the reads and writes the stores share.
/// </summary>
/// <typeparam name="TContext">The host's context.</typeparam>
internal sealed class StoreScope<TContext> : IAsyncDisposable
    where TContext : DbContext
{
    private readonly Activity? _activity;
    private readonly AsyncServiceScope _scope;

    private StoreScope(Activity? activity, AsyncServiceScope scope, Func<IServiceProvider, TContext> resolve)
    {
        _activity = activity;
        _scope = scope;
        try
        {
            Context = resolve(scope.ServiceProvider);
        }
        catch
        {
            // The caller's "await using" never sees a scope whose context could not be resolved.
            scope.Dispose();
            activity?.Dispose();
            throw;
        }
    }

    /// <summary>Gets the context of this call.</summary>
    public TContext Context { get; }

    /// <summary>
    /// Opens a call of the store named <paramref name="store"/> (<c>blocks</c>, <c>keys</c>, …): starts its span, then
    /// resolves the context (by default checking that its model has the SDK's tables, <see cref="PrivacyStoreContext"/>).
    /// </summary>
    public static StoreScope<TContext> Open(IServiceScopeFactory scopes, string store, string operation, Func<IServiceProvider, TContext>? resolve = null) =>
        new(HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore(store, operation), scopes.CreateAsyncScope(), resolve ?? PrivacyStoreContext.Get<TContext>);

    /// <summary>Opens a call with no span of its own (a step of a call that has one, or a store that keeps none).</summary>
    public static StoreScope<TContext> Open(IServiceScopeFactory scopes, Func<IServiceProvider, TContext>? resolve = null) =>
        new(null, scopes.CreateAsyncScope(), resolve ?? PrivacyStoreContext.Get<TContext>);

    /// <summary>Gets the rows of <typeparamref name="TEntity"/> for reading: not tracked.</summary>
    public IQueryable<TEntity> Read<TEntity>()
        where TEntity : class => Context.Set<TEntity>().AsNoTracking();

    /// <summary>Finds the one row <paramref name="match"/> selects and maps it, or returns the default when there is none.</summary>
    public async ValueTask<T?> FindAsync<TEntity, T>(Expression<Func<TEntity, bool>> match, Func<TEntity, T> map, CancellationToken cancellationToken)
        where TEntity : class
    {
        var row = await Read<TEntity>().SingleOrDefaultAsync(match, cancellationToken).ConfigureAwait(false);
        return row is null ? default : map(row);
    }

    /// <summary>Inserts one row and saves.</summary>
    public async ValueTask InsertAsync<TEntity>(TEntity row, CancellationToken cancellationToken)
        where TEntity : class
    {
        Context.Add(row);
        await Context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts <paramref name="row"/> unless a row <paramref name="exists"/> selects is there: false when one is, before the
    /// insert or because another instance inserted it between the check and the insert (the unique key refuses the
    /// second); any other failure of the insert is thrown.
    /// </summary>
    public async ValueTask<bool> TryInsertAsync<TEntity>(TEntity row, Expression<Func<TEntity, bool>> exists, CancellationToken cancellationToken)
        where TEntity : class
    {
        var set = Context.Set<TEntity>();
        if (await set.AnyAsync(exists, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        Context.Add(row);
        try
        {
            await Context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            Context.ChangeTracker.Clear();
            if (await set.AnyAsync(exists, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>
    /// Loads the one row <paramref name="match"/> selects (tracked), applies <paramref name="change"/> and saves.
    /// </summary>
    /// <exception cref="KeyNotFoundException">There is no such row; the message is <paramref name="notFound"/>.</exception>
    public async ValueTask UpdateAsync<TEntity>(Expression<Func<TEntity, bool>> match, string notFound, Action<TEntity> change, CancellationToken cancellationToken)
        where TEntity : class
    {
        var row = await Context.Set<TEntity>().SingleOrDefaultAsync(match, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException(notFound);
        change(row);
        await Context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync().ConfigureAwait(false);
        _activity?.Dispose();
    }
}
