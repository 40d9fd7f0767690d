using HrPlus.Privacy.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HrPlus.Privacy.EntityFrameworkCore.Changes;

/// <summary>
/// Publishes a committed change on PostgreSQL with <c>pg_notify</c> on the channel <see cref="Channel"/>, so every other
/// instance's <see cref="PostgresChangeListener{TContext}"/> reloads the matching cache. On other providers it does nothing
/// (those instances poll).
/// </summary>
/// <remarks>
/// The payload is <c>change:instance</c>, e.g. <c>blocks:6f1c…</c>: the kind of change and this instance's random id (so an
/// instance ignores its own notifications: it has applied the change already), never a subject, a key id or any value.
/// A notification that fails is logged and dropped; the write it reports is committed already and other instances see it
/// at their next poll.
/// </remarks>
internal sealed class PostgresChangeNotifications(ILogger<PostgresChangeNotifications>? logger = null)
{
    /// <summary>The notification channel.</summary>
    public const string Channel = "hrplus_privacy";

    /// <summary>The EF Core provider name of PostgreSQL.</summary>
    public const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private readonly ILogger _logger = logger ?? NullLogger<PostgresChangeNotifications>.Instance;

    /// <summary>Gets this instance's id in payloads.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Gets the payload of <paramref name="change"/> from this instance.</summary>
    public string Payload(PrivacyChange change) => Name(change) + ":" + InstanceId;

    /// <summary>Publishes <paramref name="change"/> on the connection of <paramref name="context"/>, outside any transaction.</summary>
    public ValueTask NotifyAsync(DbContext context, PrivacyChange change, CancellationToken cancellationToken) =>
        NotifyCoreAsync(context, change, async: true, cancellationToken);

    /// <summary>Publishes <paramref name="change"/> like <see cref="NotifyAsync(DbContext, PrivacyChange, CancellationToken)"/>, on this thread (the key ring's calls under its lock).</summary>
    public void Notify(DbContext context, PrivacyChange change)
    {
        var done = NotifyCoreAsync(context, change, async: false, CancellationToken.None);
        System.Diagnostics.Debug.Assert(done.IsCompleted, "A synchronous notification completes before it returns.");
        done.GetAwaiter().GetResult();
    }

    // With async false the statement runs synchronously and the task comes back complete.
    private async ValueTask NotifyCoreAsync(DbContext context, PrivacyChange change, bool async, CancellationToken cancellationToken)
    {
        if (context.Database.ProviderName != NpgsqlProvider)
        {
            return;
        }

        try
        {
            var payload = Payload(change);
            FormattableString notify = $"SELECT pg_notify({Channel}, {payload})";
            if (async)
            {
                await context.Database.ExecuteSqlAsync(notify, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                context.Database.ExecuteSql(notify);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            Log.NotifyFailed(_logger, Name(change), ex);
        }
    }

    /// <summary>Publishes <paramref name="change"/> from a context of its own.</summary>
    public async ValueTask NotifyAsync<TContext>(IServiceScopeFactory scopes, PrivacyChange change, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        await using var scope = scopes.CreateAsyncScope();
        await NotifyAsync(scope.ServiceProvider.GetRequiredService<TContext>(), change, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a payload: the change and whether another instance sent it. Anything else on the channel (another
    /// version, a hand-typed <c>NOTIFY</c>) is not a change this instance knows and returns false.
    /// </summary>
    public bool TryParse(string? payload, out PrivacyChange change, out bool fromThisInstance)
    {
        change = default;
        fromThisInstance = false;
        var colon = payload?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0)
        {
            return false;
        }

        foreach (var candidate in Enum.GetValues<PrivacyChange>())
        {
            if (payload.AsSpan(0, colon).SequenceEqual(Name(candidate)))
            {
                change = candidate;
                fromThisInstance = payload.AsSpan(colon + 1).SequenceEqual(InstanceId);
                return true;
            }
        }

        return false;
    }

    /// <summary>The payload name of a change (lower case).</summary>
    public static string Name(PrivacyChange change) => change switch
    {
        PrivacyChange.Keys => "keys",
        PrivacyChange.Blocks => "blocks",
        PrivacyChange.Erasures => "erasures",
        PrivacyChange.Policies => "policies",
        PrivacyChange.Consents => "consents",
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };
}
