using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HrPlus.Privacy.EntityFrameworkCore.Subjects;

/// <summary>
/// The lock one erasure at a time runs under, on every instance sharing the database, released by the operating system or
/// the server when its holder's process dies: on PostgreSQL a session advisory lock on a connection of its own; on a
/// SQLite file an exclusive OS lock on a file beside the database (every process that opens a SQLite file runs on its
/// machine; the database's own write lock cannot be held while the erasure's steps write); elsewhere, and on an
/// in-memory SQLite database, a lock of this process.
/// </summary>
internal static class ErasureStoreLock
{
    /// <summary>The PostgreSQL advisory lock key of erasures ("HP" + 0x22).</summary>
    internal const long LockKey = 0x4850_0022;

    /// <summary>The suffix of the lock file beside a SQLite database file.</summary>
    internal const string LockFileSuffix = ".hrplus-erasures.lock";

    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public static async ValueTask<IAsyncDisposable?> TryAcquireAsync(DbContext context, SemaphoreSlim local, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var database = context.Database;
        var connection = database.GetDbConnection();
        if (database.ProviderName == Changes.PostgresChangeNotifications.NpgsqlProvider && connection is NpgsqlConnection npgsql)
        {
            return await TryAdvisoryAsync(npgsql, timeout, cancellationToken).ConfigureAwait(false);
        }

        if (database.ProviderName == SqliteProvider && FileOf(connection) is { } file)
        {
            return await TryFileAsync(file + LockFileSuffix, timeout, cancellationToken).ConfigureAwait(false);
        }

        return await local.WaitAsync(timeout, cancellationToken).ConfigureAwait(false) ? new Released(() => local.Release()) : null;
    }

    private static string? FileOf(DbConnection connection)
    {
        var source = connection.DataSource;
        var memory = string.IsNullOrEmpty(source) || source == ":memory:"
            || connection.ConnectionString.Contains("Mode=Memory", StringComparison.OrdinalIgnoreCase);
        return memory ? null : Path.GetFullPath(source);
    }

    private static async ValueTask<IAsyncDisposable?> TryAdvisoryAsync(NpgsqlConnection template, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Out of the pool: the lock lives as long as this session, and a dead process's session ends with it.
        var builder = new NpgsqlConnectionStringBuilder(template.ConnectionString) { Pooling = false, ApplicationName = "hrplus-privacy-erasure-lock" };
        var connection = template.CloneWith(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            while (true)
            {
                await using (var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
                {
                    command.Parameters.AddWithValue("key", LockKey);
                    if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                    {
                        var held = connection;
                        connection = null;
                        return new Released(() => held.Dispose());
                    }
                }

                if (!await WaitMoreAsync(started, timeout, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async ValueTask<IAsyncDisposable?> TryFileAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock (flock on Unix) that the OS drops when the process dies.
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                return new Released(stream.Dispose);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Held by another process or connection.
            }

            if (!await WaitMoreAsync(started, timeout, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
    }

    private static async ValueTask<bool> WaitMoreAsync(long started, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout != Timeout.InfiniteTimeSpan && Stopwatch.GetElapsedTime(started) + Poll > timeout)
        {
            return false;
        }

        await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private sealed class Released(Action release) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
