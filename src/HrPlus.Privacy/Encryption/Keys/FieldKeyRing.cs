using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// The key ring: loads wrapped keys from the store, unwraps them once with DataProtection, picks the current key and
/// keeps the snapshot readers use. Its collaborators do the rest under its lock (<see cref="KeyRingLock"/>):
/// <see cref="KeyReservations"/> counts encryptions under the current key, <see cref="SubjectKeys"/> and
/// <see cref="SubjectKeyEpochJob"/> keep the subjects' keys and their epochs, <see cref="KeyRingRoots"/> the root secrets
/// for keyed hashes and their rotation, and <see cref="FieldKeyFactory"/> makes, wraps and unwraps keys.
/// </summary>
/// <remarks>
/// <para>Readers take the <see cref="KeyRingSnapshot"/> with one volatile read; every change builds a new snapshot under
/// the lock (a new subject's key is added to the live one). Refreshes are driven by a timer from
/// <see cref="TimeProvider"/>, so the hot path never looks at the clock.</para>
/// <para>Crash safety: every store write is one conditional record write, and a load repairs what an interrupted sequence
/// left: a rotation is "make the new key, then retire the old one", and a load retires every active encryption key older
/// than the newest, so a crash in between never leaves two keys current.</para>
/// </remarks>
internal sealed partial class FieldKeyRing : IFieldKeyRing, IRootSecretProvider, IDisposable
{
    internal const string ProtectorPurpose = "HrPlus.Privacy.FieldKeys.v1";

    private readonly IFieldKeyStore _store;
    private readonly TimeProvider _time;
    private readonly FieldEncryptionOptions _options;
    private readonly ILogger _logger;
    private readonly KeyRingLock _lock;
    private readonly ITimer _timer;
    private readonly AesGcmEngine _engine;
    private readonly Diagnostics.PrivacyMetrics? _metrics;
    private readonly SubjectKeyEpochs? _epochs;
    private readonly FieldKeyFactory _factory;
    private readonly KeyReservations _reservations;
    private readonly SubjectKeyEpochJob _epochJob;
    private readonly SubjectKeys _subjects;
    private readonly KeyRingRoots _roots;
    private volatile KeyRingSnapshot? _snapshot;
    private long _lastUnknownKeyRefresh = long.MinValue;
    private bool _disposed;

    public FieldKeyRing(
        IFieldKeyStore store,
        IDataProtectionProvider dataProtection,
        TimeProvider time,
        IOptions<FieldEncryptionOptions> options,
        ILogger logger,
        Diagnostics.PrivacyMetrics? metrics = null,
        SubjectKeyEpochs? epochs = null)
    {
        _metrics = metrics;
        _epochs = epochs;
        _store = store = LockHeldKeyStore.For(store); // calls under the lock answer on this thread where the store can
        var protector = dataProtection.CreateProtector(ProtectorPurpose);
        _time = time;
        _options = options.Value;
        _logger = logger;
        _lock = new KeyRingLock(logger);
        _engine = AesGcmEngine.For(_options.Engine);
        _reservations = new KeyReservations(this, store, _options, _lock);
        var epochWrapping = new EpochWrapping(protector, epochs);
        _factory = new FieldKeyFactory(store, protector, epochWrapping, _lock, _engine, _reservations.Block);
        _epochJob = new SubjectKeyEpochJob(store, epochWrapping, _lock);
        _subjects = new SubjectKeys(this, store, time, _lock, _factory, _epochJob);
        _roots = new KeyRingRoots(this, store, time, _lock, _factory);
        _timer = time.CreateTimer(static state => ((FieldKeyRing)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets the current snapshot, loading the ring on first use.</summary>
    public KeyRingSnapshot Snapshot => _snapshot ?? RefreshBlocking(onlyIfUnloaded: true);

    public FieldKeyInfo CurrentKey
    {
        get
        {
            var snapshot = Snapshot;
            return snapshot.Infos[snapshot.Current.Id];
        }
    }

    /// <summary>Gets the AES-GCM engine every key of this ring encrypts with.</summary>
    internal AesGcmEngine Engine => _engine;

    /// <summary>Gets how long before expiry the current key is replaced (for the health check).</summary>
    internal TimeSpan RolloverLeadTime => _options.RolloverLeadTime;

    /// <summary>Gets the snapshot loaded last, or null before the first load (never loads). Read under the lock.</summary>
    internal KeyRingSnapshot? Loaded => _snapshot;

    public IReadOnlyList<FieldKeyInfo> GetKeys()
    {
        var snapshot = Snapshot;
        return [.. snapshot.Infos.Values.Concat(snapshot.SubjectKeysById.Values.Select(e => e.Info)).DistinctBy(k => k.Id).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id)];
    }

    public async Task<FieldKeyInfo> RotateAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await RefreshAsync(rotate: true, cancellationToken).ConfigureAwait(false);
        return snapshot.Infos[snapshot.Current.Id];
    }

    public Task RetireAsync(uint keyId, CancellationToken cancellationToken = default) =>
        ChangeStateAsync(keyId, FieldKeyState.Retired, cancellationToken);

    public Task DestroyAsync(uint keyId, CancellationToken cancellationToken = default) =>
        ChangeStateAsync(keyId, FieldKeyState.Destroyed, cancellationToken);

    public Task RefreshAsync(CancellationToken cancellationToken = default) =>
        RefreshAsync(rotate: false, cancellationToken);

    /// <summary>
    /// Finds a key to decrypt with. An id this ring has not loaded (another instance made the key a moment ago) is looked up
    /// in the store by id, a point lookup, and used at once.
    /// </summary>
    /// <exception cref="FieldDecryptionException">The key is not in the store, destroyed, or cannot be unwrapped here.</exception>
    public FieldKey GetDecryptionKey(uint keyId)
    {
        var snapshot = Snapshot;
        if (snapshot.TryGetKey(keyId, out var key) && Encrypts(key.Purpose))
        {
            return key;
        }

        if (snapshot.TryGetInfo(keyId, out var info))
        {
            if (info.State == FieldKeyState.Destroyed)
            {
                throw Encrypts(info.Purpose) ? FieldDecryptionException.KeyDestroyed(keyId) : FieldDecryptionException.UnknownKey(keyId);
            }

            // A shared key this ring's DataProtection ring could not unwrap at its last refresh: no lookup can change that
            // (old values under a lost ring must not cost a store read each). A subject key is looked up again: the epoch
            // key that wraps it may have been made since.
            if (info.Purpose == FieldKeyPurpose.Encryption && snapshot.Unavailable.Contains(keyId))
            {
                throw FieldDecryptionException.KeyUnavailable(keyId);
            }
        }

        return LookUpKey(keyId) ?? throw FieldDecryptionException.UnknownKey(keyId);
    }

    public void Dispose()
    {
        _lock.Enter();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
            _snapshot?.DisposeAll();
            _epochs?.Dispose();
        }
        finally
        {
            ReleaseMutex();
        }
    }

    /// <summary>Throws when the ring is disposed. Caller holds the lock.</summary>
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Refreshes from the store for a key id this ring does not know, at most once per <see cref="FieldEncryptionOptions.UnknownKeyRefreshInterval"/>.</summary>
    internal bool TryRefreshForUnknownKey()
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastUnknownKeyRefresh);
        if (last != long.MinValue && _time.GetElapsedTime(last, now) < _options.UnknownKeyRefreshInterval)
        {
            return false;
        }

        if (Interlocked.CompareExchange(ref _lastUnknownKeyRefresh, now, last) != last)
        {
            return false;
        }

        _metrics?.UnknownKeyRefreshed();
        RefreshBlocking(onlyIfUnloaded: false);
        return true;
    }

    private void Defer(Action<ILogger> log) => _lock.Defer(log);

    private void ReleaseMutex() => _lock.Exit();

    private static bool Encrypts(FieldKeyPurpose purpose) => purpose is FieldKeyPurpose.Encryption or FieldKeyPurpose.SubjectEncryption;

    /// <summary>
    /// Reads one key by id from the store (a point lookup) and loads it: a subject key into the live snapshot, a shared key by
    /// a refresh. Returns null when the store has no such encryption key.
    /// </summary>
    /// <remarks>Read with the synchronous <see cref="IFieldKeyStore.Get"/> outside the lock: a thread blocked on an asynchronous
    /// read needs another pool thread, and a burst of them starved the pool for seconds (KeyRingBlockingTests).</remarks>
    /// <exception cref="FieldDecryptionException">The key is destroyed or cannot be unwrapped here (the message says which key fails).</exception>
    private FieldKey? LookUpKey(uint keyId)
    {
        _metrics?.UnknownKeyRefreshed();
        ThrowIfDisposed();
        var record = _store.Get(keyId);
        if (record is null || !Encrypts(record.Purpose))
        {
            return null;
        }

        if (record.State == FieldKeyState.Destroyed || record.WrappedKey is null)
        {
            throw FieldDecryptionException.KeyDestroyed(record.Id);
        }

        _lock.Enter();
        try
        {
            return LookUpKeyAsync(record, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            ReleaseMutex();
        }
    }

    // Loads a record LookUpKey read, unless another thread loaded it meanwhile. The caller holds the lock.
    private async ValueTask<FieldKey?> LookUpKeyAsync(FieldKeyRecord record, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var snapshot = _snapshot ?? await RefreshCoreAsync(rotate: false, createRootSecret: null, cancellationToken).ConfigureAwait(false);
        if (snapshot.TryGetKey(record.Id, out var loaded) && Encrypts(loaded.Purpose))
        {
            return loaded;
        }

        if (record.Purpose == FieldKeyPurpose.SubjectEncryption)
        {
            return await _subjects.AdoptAsync(record, snapshot, cancellationToken).ConfigureAwait(false);
        }

        // A shared key another instance made (LookUpKey refused a destroyed one): loaded by a refresh.
        var refreshed = await RefreshCoreAsync(rotate: false, createRootSecret: null, cancellationToken).ConfigureAwait(false);
        return refreshed.TryGetKey(record.Id, out var shared) ? shared : throw FieldDecryptionException.KeyUnavailable(record.Id, _factory.WhyUnavailable(record));
    }

    // Store calls are asynchronous; the key ring blocks on them only to load (once), for an unknown key id
    // (rate-limited), to reserve a block of encryptions, and from its timer. The file-system and in-memory stores
    // complete synchronously.
    private KeyRingSnapshot RefreshBlocking(bool onlyIfUnloaded)
    {
        _lock.Enter();
        try
        {
            if (onlyIfUnloaded && _snapshot is { } loaded)
            {
                return loaded;
            }

            return RefreshCoreAsync(rotate: false, createRootSecret: null, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            ReleaseMutex();
        }
    }

    private async Task<KeyRingSnapshot> RefreshAsync(bool rotate, CancellationToken cancellationToken)
    {
        var asked = Stopwatch.GetTimestamp();
        await _lock.EnterAsync(cancellationToken).ConfigureAwait(false);
        var entered = Stopwatch.GetTimestamp();
        try
        {
            return await RefreshCoreAsync(rotate, createRootSecret: null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ReleaseMutex();
            Log.KeyRingRefreshed(_logger, (long)Stopwatch.GetElapsedTime(asked, entered).TotalMilliseconds, (long)Stopwatch.GetElapsedTime(entered).TotalMilliseconds);
        }
    }

    private void OnTimer()
    {
        try
        {
            if (!_disposed)
            {
                RefreshBlocking(onlyIfUnloaded: false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.RefreshFailed(_logger, ex);
            if (!_disposed)
            {
                _timer.Change(_options.KeyRefreshInterval, Timeout.InfiniteTimeSpan);
            }
        }
    }
}
