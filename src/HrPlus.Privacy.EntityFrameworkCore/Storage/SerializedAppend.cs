using System.Data;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.EntityFrameworkCore.Storage;

/// <summary>
/// Runs an append to a hash-chained table with every other writer shut out, on every instance sharing the database:
/// SQLite takes the write lock up front with <c>BEGIN IMMEDIATE</c>; PostgreSQL takes a transaction-scoped advisory
/// lock (<c>pg_advisory_xact_lock</c>); other providers use a serializable transaction. The body reads the chain tail
/// and inserts inside that transaction; the position's primary key turns any race that slips through into a retry.
/// </summary>
internal static class SerializedAppend
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";
    private const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";
    private const int MaxAttempts = 5;

    public static Task<T> RunAsync<T>(DbContext context, long lockKey, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken) =>
        RunAsync(context, lockKey, body, async: true, cancellationToken);

    /// <summary>
    /// The same as <see cref="RunAsync{T}(DbContext, long, Func{CancellationToken, Task{T}}, CancellationToken)"/>, on this
    /// thread: every database call is synchronous, and <paramref name="body"/> must complete synchronously too (the key
    /// ring calls it while it holds its lock; see <c>IBlockingFieldKeyStore</c>).
    /// </summary>
    public static T Run<T>(DbContext context, long lockKey, Func<T> body)
    {
        var task = RunAsync(context, lockKey, _ => Task.FromResult(body()), async: false, CancellationToken.None);
        Debug.Assert(task.IsCompleted, "A synchronous serialized append completes before it returns.");
        return task.GetAwaiter().GetResult();
    }

    // One implementation for both: with async false every call below is the synchronous one, so the task returned is
    // complete (EF Core's own code takes the same approach).
    private static async Task<T> RunAsync<T>(DbContext context, long lockKey, Func<CancellationToken, Task<T>> body, bool async, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(context, lockKey, body, async, cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Another writer took the position (possible only without a provider lock): read the tail again.
                context.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<T> RunOnceAsync<T>(DbContext context, long lockKey, Func<CancellationToken, Task<T>> body, bool async, CancellationToken cancellationToken)
    {
        var database = context.Database;
        if (database.ProviderName == SqliteProvider)
        {
            if (async)
            {
                await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                database.OpenConnection();
            }

            var previous = database.AutoTransactionBehavior;
            database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
            try
            {
                await ExecuteAsync(database, "BEGIN IMMEDIATE", async, cancellationToken).ConfigureAwait(false);
                try
                {
                    var result = await body(cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(database, "COMMIT", async, CancellationToken.None).ConfigureAwait(false);
                    return result;
                }
                catch
                {
                    await ExecuteAsync(database, "ROLLBACK", async, CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
            }
            finally
            {
                database.AutoTransactionBehavior = previous;
                if (async)
                {
                    await database.CloseConnectionAsync().ConfigureAwait(false);
                }
                else
                {
                    database.CloseConnection();
                }
            }
        }

        var strategy = database.CreateExecutionStrategy();
        if (!async)
        {
            return strategy.Execute((context, lockKey, body), static (_, state) => InTransactionAsync(state.context, state.lockKey, state.body, async: false, CancellationToken.None).GetAwaiter().GetResult(), null);
        }

        return await strategy.ExecuteAsync(
            (context, lockKey, body),
            static (_, state, ct) => InTransactionAsync(state.context, state.lockKey, state.body, async: true, ct),
            null,
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> InTransactionAsync<T>(DbContext context, long lockKey, Func<CancellationToken, Task<T>> body, bool async, CancellationToken cancellationToken)
    {
        var db = context.Database;
        var isNpgsql = db.ProviderName == NpgsqlProvider;
        var isolation = isNpgsql ? IsolationLevel.ReadCommitted : IsolationLevel.Serializable;
        var transaction = async
            ? await db.BeginTransactionAsync(isolation, cancellationToken).ConfigureAwait(false)
            : db.BeginTransaction(isolation);
        try
        {
            if (isNpgsql)
            {
                FormattableString takeLock = $"SELECT pg_advisory_xact_lock({lockKey})";
                if (async)
                {
                    await db.ExecuteSqlAsync(takeLock, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    db.ExecuteSql(takeLock);
                }
            }

            var result = await body(cancellationToken).ConfigureAwait(false);
            if (async)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                transaction.Commit();
            }

            return result;
        }
        finally
        {
            if (async)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                transaction.Dispose();
            }
        }
    }

    private static async Task ExecuteAsync(DatabaseFacade database, string sql, bool async, CancellationToken cancellationToken)
    {
        if (async)
        {
            await database.ExecuteSqlRawAsync(sql, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            database.ExecuteSqlRaw(sql);
        }
    }
}
