using System.Data;
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

    public static async Task<T> RunAsync<T>(DbContext context, long lockKey, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(context, lockKey, body, cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Another writer took the position (possible only without a provider lock): read the tail again.
                context.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<T> RunOnceAsync<T>(DbContext context, long lockKey, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        var database = context.Database;
        if (database.ProviderName == SqliteProvider)
        {
            await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var previous = database.AutoTransactionBehavior;
            database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
            try
            {
                await database.ExecuteSqlRawAsync("BEGIN IMMEDIATE", cancellationToken).ConfigureAwait(false);
                try
                {
                    var result = await body(cancellationToken).ConfigureAwait(false);
                    await database.ExecuteSqlRawAsync("COMMIT", CancellationToken.None).ConfigureAwait(false);
                    return result;
                }
                catch
                {
                    await database.ExecuteSqlRawAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
            }
            finally
            {
                database.AutoTransactionBehavior = previous;
                await database.CloseConnectionAsync().ConfigureAwait(false);
            }
        }

        var strategy = database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(
            (context, lockKey, body),
            async (_, state, ct) =>
            {
                var db = state.context.Database;
                var isNpgsql = db.ProviderName == NpgsqlProvider;
                await using var transaction = await db.BeginTransactionAsync(isNpgsql ? IsolationLevel.ReadCommitted : IsolationLevel.Serializable, ct).ConfigureAwait(false);
                if (isNpgsql)
                {
                    await db.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({state.lockKey})", ct).ConfigureAwait(false);
                }

                var result = await state.body(ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return result;
            },
            null,
            cancellationToken).ConfigureAwait(false);
    }
}
