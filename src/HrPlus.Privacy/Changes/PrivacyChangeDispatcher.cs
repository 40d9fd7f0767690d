using System.Diagnostics;
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
/// the policy snapshot and cached consent decisions. Per kind of change, notifications are coalesced by a
/// <see cref="ReloadCoalescer"/>: at most one reload running and one waiting, the next starting no sooner than
/// <see cref="ChangeNotificationOptions.MinReloadInterval"/> after the previous one ended. Anyone who can connect to the
/// database can send notifications, so a flood of them must cost a bounded number of store reads.
/// </summary>
/// <remarks>
/// Only caches already in use are touched through their own reload paths; a reload that fails keeps the last known state
/// (polling, at <c>KeyRefreshInterval</c> and <c>Consent.CacheDuration</c>, remains the fallback).
/// </remarks>
internal sealed class PrivacyChangeDispatcher
{
    private static readonly PrivacyChange[] All = Enum.GetValues<PrivacyChange>();
    private readonly IServiceProvider _services;
    private readonly PrivacyMetrics _metrics;
    private readonly ReloadCoalescer[] _reloads;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public PrivacyChangeDispatcher(IServiceProvider services, PrivacyMetrics metrics, ILogger<PrivacyChangeDispatcher>? logger = null, TimeProvider? time = null, TimeSpan? minReloadInterval = null)
    {
        _services = services;
        _metrics = metrics;
        _logger = logger ?? NullLogger<PrivacyChangeDispatcher>.Instance;
        _time = time ?? TimeProvider.System;
        var interval = minReloadInterval ?? new ChangeNotificationOptions().MinReloadInterval;
        _reloads = [.. All.Select(change => new ReloadCoalescer(() => ReloadAsync(change), _time, interval))];
    }

    /// <summary>Records a notification and has its cache reloaded in the background (coalesced with others of its kind).</summary>
    public void Post(PrivacyChange change)
    {
        _metrics.NotificationReceived(change);

        // Off the caller's thread: the listener's connection delivers notifications from inside its read loop.
        _reloads[(int)change].Request();
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
                if (_services.GetService<FieldKeyRing>() is { } ring)
                {
                    await ring.RefreshAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            case PrivacyChange.Blocks:
                if (_services.GetService<SubjectBlockList>() is { } blocks)
                {
                    await blocks.RefreshAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            case PrivacyChange.Policies:
                if (_services.GetService<PolicyRegistry>() is { } policies)
                {
                    await policies.ReloadAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            case PrivacyChange.Consents:
                (_services.GetService<IConsentService>() as ConsentService)?.ForgetCachedDecisions();
                break;
        }
    }

    private async Task ReloadAsync(PrivacyChange change)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            await ApplyAsync(change, CancellationToken.None).ConfigureAwait(false);
            Log.ChangeNotificationApplied(_logger, change, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.ChangeNotificationFailed(_logger, change, ex);
        }
    }
}
