using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Diagnostics;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Subjects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HrPlus.Privacy.Changes;

/// <summary>
/// Applies change notifications from other instances to this instance's caches: the key ring, the subject block list,
/// the policy snapshot and cached consent decisions. Notifications of one kind that arrive while its reload runs are
/// folded into one more reload, so a burst of changes costs at most two store reads per kind.
/// </summary>
/// <remarks>
/// Only caches already in use are touched through their own reload paths; a reload that fails keeps the last known state
/// (polling, at <c>KeyRefreshInterval</c> and <c>Consent.CacheDuration</c>, remains the fallback).
/// </remarks>
internal sealed class PrivacyChangeDispatcher(IServiceProvider services, PrivacyMetrics metrics, ILogger<PrivacyChangeDispatcher>? logger = null)
{
    private static readonly PrivacyChange[] All = Enum.GetValues<PrivacyChange>();
    private readonly int[] _pending = new int[All.Length];
    private readonly ILogger _logger = logger ?? NullLogger<PrivacyChangeDispatcher>.Instance;

    /// <summary>Records a notification and starts its reload in the background, unless one of that kind is running.</summary>
    public void Post(PrivacyChange change)
    {
        metrics.NotificationReceived(change);
        if (Interlocked.Increment(ref _pending[(int)change]) == 1)
        {
            // Off the caller's thread: the listener's connection delivers notifications from inside its read loop.
            _ = Task.Run(() => RunAsync(change));
        }
    }

    /// <summary>Reloads every cache: after a lost notification connection comes back, anything may have changed meanwhile.</summary>
    public async Task RefreshAllAsync(CancellationToken cancellationToken)
    {
        foreach (var change in All)
        {
            await ApplyAsync(change, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reloads the cache that <paramref name="change"/> makes stale.</summary>
    public async Task ApplyAsync(PrivacyChange change, CancellationToken cancellationToken)
    {
        switch (change)
        {
            case PrivacyChange.Keys:
            case PrivacyChange.Erasures:
                if (services.GetService<FieldKeyRing>() is { } ring)
                {
                    await ring.RefreshAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            case PrivacyChange.Blocks:
                if (services.GetService<SubjectBlockList>() is { } blocks)
                {
                    await blocks.RefreshAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            case PrivacyChange.Policies:
                if (services.GetService<PolicyRegistry>() is { } policies)
                {
                    await policies.ReloadAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            case PrivacyChange.Consents:
                (services.GetService<IConsentService>() as ConsentService)?.ForgetCachedDecisions();
                break;
        }
    }

    private async Task RunAsync(PrivacyChange change)
    {
        // Runs until no notification of this kind arrived during the last reload; those that did are covered by one more.
        int seen;
        do
        {
            seen = Volatile.Read(ref _pending[(int)change]);
            try
            {
                await ApplyAsync(change, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.ChangeNotificationFailed(_logger, change, ex);
            }
        }
        while (Interlocked.Add(ref _pending[(int)change], -seen) != 0);
    }
}
