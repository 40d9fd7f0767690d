using HrPlus.Privacy.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace HrPlus.Privacy.EntityFrameworkCore.Changes;

/// <summary>
/// One dedicated connection per instance that <c>LISTEN</c>s on <see cref="PostgresChangeNotifications.Channel"/> when
/// <typeparamref name="TContext"/> runs on PostgreSQL, and hands each other instance's change to the
/// <see cref="PrivacyChangeDispatcher"/>. On any other provider it stops at once (those instances poll).
/// </summary>
/// <remarks>
/// A lost connection (server restart, failover, a terminated backend, a network cut) is opened again, at once the first
/// time and then after 1, 2, 4 … up to 30 seconds; each time it starts listening (the first time too) every cache is
/// reloaded once, because notifications sent while nobody listened are gone. TCP keepalive is on so a silently dropped connection is noticed.
/// </remarks>
internal sealed class PostgresChangeListener<TContext>(
    IServiceScopeFactory scopes,
    PostgresChangeNotifications notifications,
    PrivacyChangeDispatcher dispatcher,
    TimeProvider time,
    ILogger<PostgresChangeListener<TContext>>? logger = null) : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private readonly ILogger _logger = logger ?? NullLogger<PostgresChangeListener<TContext>>.Instance;
    private readonly TaskCompletionSource _firstListen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _listens;
    private int _backendProcessId;

    /// <summary>Gets a task that completes when the first <c>LISTEN</c> ran (for tests).</summary>
    internal Task FirstListen => _firstListen.Task;

    /// <summary>Gets how many times a connection started listening, the first time included.</summary>
    internal int Listens => Volatile.Read(ref _listens);

    /// <summary>Gets the server process id of the listening connection, 0 when none is open.</summary>
    internal int BackendProcessId => Volatile.Read(ref _backendProcessId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        NpgsqlConnection? template;
        try
        {
            template = await TemplateAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A context that cannot be built here must not stop the host (a failed BackgroundService does): poll instead.
            Log.ListenerNotStarted(_logger, ex);
            template = null;
        }

        if (template is null)
        {
            _firstListen.TrySetResult();
            return;
        }

        await using (template.ConfigureAwait(false))
        {
            await ListenLoopAsync(template, stoppingToken).ConfigureAwait(false);
        }
    }

    // A connection like the context's, kept out of the pool, with keepalive and a name that shows in pg_stat_activity;
    // null when the context is not on PostgreSQL.
    private async Task<NpgsqlConnection?> TemplateAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
        if (database.ProviderName != PostgresChangeNotifications.NpgsqlProvider || database.GetDbConnection() is not NpgsqlConnection connection)
        {
            return null;
        }

        var builder = new NpgsqlConnectionStringBuilder(connection.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 30,
            ApplicationName = "hrplus-privacy-listener",
        };
        return connection.CloneWith(builder.ConnectionString);
    }

    private async Task ListenLoopAsync(NpgsqlConnection template, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connection = template.CloneWith(template.ConnectionString);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += OnNotification;
                    await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                    await using (var listen = new NpgsqlCommand($"LISTEN {PostgresChangeNotifications.Channel}", connection))
                    {
                        await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                    }

                    // Whatever changed while nobody listened (before the first LISTEN, or while the connection was down)
                    // was never delivered here.
                    await dispatcher.RefreshAllAsync(stoppingToken).ConfigureAwait(false);
                    Volatile.Write(ref _backendProcessId, connection.ProcessID);
                    Interlocked.Increment(ref _listens);

                    Log.Listening(_logger);
                    _firstListen.TrySetResult();
                    delay = TimeSpan.Zero;
                    while (true)
                    {
                        await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Volatile.Write(ref _backendProcessId, 0);
                Log.ListenFailed(_logger, delay, ex);
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = delay == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (!notifications.TryParse(e.Payload, out var change, out var fromThisInstance))
        {
            Log.UnknownNotification(_logger);
            return;
        }

        if (!fromThisInstance)
        {
            dispatcher.Post(change);
        }
    }
}
