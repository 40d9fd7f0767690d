using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Subjects;

/// <summary>
/// The set of blocked subjects that the decryption hot path consults without touching storage: loaded once on first
/// use (synchronously, so a restarted instance never decrypts a blocked subject's data while it loads), updated at
/// once by local changes, and reloaded in the background when older than <c>PrivacyOptions.Consent.CacheDuration</c>
/// (the bound on how late another instance's block is seen).
/// </summary>
internal sealed class SubjectBlockList
{
    private readonly IServiceProvider services;
    private readonly TimeProvider time;
    private readonly IOptions<PrivacyOptions> options;
    private readonly Lock _lock = new();
    private readonly Lock _loadLock = new();
    private readonly List<LocalChange> _changes = [];
    private volatile Snapshot? _snapshot;
    private int _refreshing;
    private long _version;

    public SubjectBlockList(IServiceProvider services, TimeProvider time, IOptions<PrivacyOptions> options, Diagnostics.PrivacyMetrics? metrics = null)
    {
        this.services = services;
        this.time = time;
        this.options = options;
        metrics?.ObserveBlocksWith(() => _snapshot?.Blocked.Count);
    }

    /// <summary>Gets whether <paramref name="subjectId"/> is blocked.</summary>
    public bool IsBlocked(string subjectId) => Current().Blocked.Contains(subjectId);

    /// <summary>Gets the subjects blocked now (the same set <see cref="IsBlocked"/> answers from).</summary>
    public IReadOnlyCollection<string> BlockedSubjects() => Current().Blocked;

    /// <summary>
    /// Reads the store now and replaces the set. Local changes made while the store was read are applied again on top
    /// of what it returned: a read that began before a local block was saved never undoes it.
    /// </summary>
    public async ValueTask RefreshAsync(CancellationToken cancellationToken)
    {
        long startedAt;
        lock (_lock)
        {
            startedAt = _version;
        }

        var loadedAt = time.GetTimestamp();
        var store = Store();
        var blocked = store is null ? [] : (await store.GetActiveAsync(cancellationToken).ConfigureAwait(false)).Select(b => b.SubjectId);
        lock (_lock)
        {
            if (_snapshot is { } installed && installed.Version > startedAt)
            {
                // A refresh that began later has installed its set already; this one is older news.
                return;
            }

            var set = new HashSet<string>(blocked, StringComparer.Ordinal);
            foreach (var change in _changes)
            {
                if (change.Version > startedAt)
                {
                    Apply(set, change.SubjectId, change.Blocked);
                }
            }

            // Changes up to the start of this read were saved before it began: the store has them.
            _changes.RemoveAll(c => c.Version <= startedAt);
            _snapshot = new Snapshot(set.ToFrozenSet(StringComparer.Ordinal), loadedAt, startedAt);
        }
    }

    /// <summary>Applies a local change at once; call it after the change is saved in the store.</summary>
    public void Set(string subjectId, bool blocked)
    {
        // Loaded outside the lock: the load's own continuation takes it to install the set.
        _ = _snapshot ?? LoadNow();
        lock (_lock)
        {
            var current = _snapshot!;
            var set = new HashSet<string>(current.Blocked, StringComparer.Ordinal);
            Apply(set, subjectId, blocked);
            _changes.Add(new LocalChange(++_version, subjectId, blocked));
            _snapshot = current with { Blocked = set.ToFrozenSet(StringComparer.Ordinal) };
        }
    }

    private static void Apply(HashSet<string> set, string subjectId, bool blocked)
    {
        if (blocked)
        {
            set.Add(subjectId);
        }
        else
        {
            set.Remove(subjectId);
        }
    }

    // The set in use, starting a background reload when it is older than the cache duration.
    private Snapshot Current()
    {
        var snapshot = _snapshot ?? LoadNow();
        if (time.GetElapsedTime(snapshot.LoadedAt) >= options.Value.Consent.CacheDuration && Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            _ = RefreshInBackgroundAsync();
        }

        return snapshot;
    }

    private Snapshot LoadNow()
    {
        // A lock of its own: RefreshAsync takes _lock to install the set, possibly on another thread.
        lock (_loadLock)
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

    /// <summary>The set, when it was read, and how many local changes there had been when that read began.</summary>
    private sealed record Snapshot(FrozenSet<string> Blocked, long LoadedAt, long Version);

    private sealed record LocalChange(long Version, string SubjectId, bool Blocked);
}
