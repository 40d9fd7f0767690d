using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Subjects;

/// <summary>
/// The set of blocked subjects that the decryption hot path consults without touching storage: loaded once on first
/// use (synchronously, so a restarted instance never decrypts a blocked subject's data while it loads), updated at
/// once by local changes, and reloaded in the background when older than <c>PrivacyOptions.Consent.CacheDuration</c>
/// (the bound on how late another instance's block is seen).
/// </summary>
internal sealed class SubjectBlockList(IServiceProvider services, TimeProvider time, IOptions<PrivacyOptions> options)
{
    private readonly Lock _lock = new();
    private volatile Snapshot? _snapshot;
    private int _refreshing;

    /// <summary>Gets whether <paramref name="subjectId"/> is blocked.</summary>
    public bool IsBlocked(string subjectId)
    {
        var snapshot = _snapshot ?? LoadNow();
        if (time.GetElapsedTime(snapshot.LoadedAt) >= options.Value.Consent.CacheDuration && Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            _ = RefreshInBackgroundAsync();
        }

        return snapshot.Blocked.Contains(subjectId);
    }

    /// <summary>Reads the store now and replaces the set.</summary>
    public async ValueTask RefreshAsync(CancellationToken cancellationToken)
    {
        var loadedAt = time.GetTimestamp();
        var store = Store();
        var blocked = store is null ? [] : (await store.GetActiveAsync(cancellationToken).ConfigureAwait(false)).Select(b => b.SubjectId);
        _snapshot = new Snapshot(blocked.ToFrozenSet(StringComparer.Ordinal), loadedAt);
    }

    /// <summary>Applies a local change at once.</summary>
    public void Set(string subjectId, bool blocked)
    {
        lock (_lock)
        {
            var current = _snapshot ?? LoadNow();
            var set = new HashSet<string>(current.Blocked, StringComparer.Ordinal);
            if (blocked)
            {
                set.Add(subjectId);
            }
            else
            {
                set.Remove(subjectId);
            }

            _snapshot = new Snapshot(set.ToFrozenSet(StringComparer.Ordinal), current.LoadedAt);
        }
    }

    private Snapshot LoadNow()
    {
        lock (_lock)
        {
            if (_snapshot is { } loaded)
            {
                return loaded;
            }

            RefreshAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return _snapshot!;
        }
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Keep the last known set; the next check tries again.
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    // Without a registered store nothing can ever be blocked (BlockAsync needs the store), so there is nothing to load.
    private IBlockStore? Store()
    {
        try
        {
            return (IBlockStore?)services.GetService(typeof(IBlockStore));
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private sealed record Snapshot(FrozenSet<string> Blocked, long LoadedAt);
}
