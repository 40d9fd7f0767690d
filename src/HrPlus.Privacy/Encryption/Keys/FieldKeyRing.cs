using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// The key ring: loads wrapped keys from the store, unwraps them once with DataProtection, picks the current
/// key, rolls over on time and on encryption count, and serves root secrets for keyed hashes.
/// </summary>
/// <remarks>
/// <para>Readers take the <see cref="KeyRingSnapshot"/> with one volatile read; every change builds a new snapshot under
/// <see cref="_mutex"/> (a new subject's key is added to the live one). Refreshes are driven by a timer from
/// <see cref="TimeProvider"/>, so the hot path never looks at the clock.</para>
/// <para>Crash safety: every store write is one conditional record write, and a load repairs what an interrupted sequence
/// left: a rotation is "make the new key, then retire the old one", and a load retires every active encryption key older
/// than the newest, so a crash in between never leaves two keys current.</para>
/// </remarks>
internal sealed partial class FieldKeyRing : IFieldKeyRing, IRootSecretProvider, IDisposable
{
    internal const string ProtectorPurpose = "HrPlus.Privacy.FieldKeys.v1";
    private const int KeySize = 32;

    private readonly IFieldKeyStore _store;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly FieldEncryptionOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _mutex = new(1, 1);
    private readonly ITimer _timer;
    private readonly long _reservationBlock;
    private readonly AesGcmEngine _engine;
    private readonly Diagnostics.PrivacyMetrics? _metrics;
    private readonly SubjectKeyEpochs? _epochs;
    private volatile KeyRingSnapshot? _snapshot;
    private long _lastUnknownKeyRefresh = long.MinValue;
    private int _reserveQueued;
    private bool _disposed;

    // Log calls made while the mutex is held run after it is released: a log pipeline with redaction can call
    // back into this ring (pseudonymizing redactors need a root secret), and the mutex is not re-entrant.
    private List<Action<ILogger>>? _deferredLogs;

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
        _store = store;
        _protector = dataProtection.CreateProtector(ProtectorPurpose);
        _time = time;
        _options = options.Value;
        _logger = logger;
        _reservationBlock = Math.Clamp(_options.MaxEncryptionsPerKey / 64, 1, 1L << 20);
        _engine = AesGcmEngine.For(_options.Engine);
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

    /// <summary>Gets how many encryptions one reservation in the store grants this process.</summary>
    internal long ReservationBlock => _reservationBlock;

    /// <summary>Gets how long before expiry the current key is replaced (for the health check).</summary>
    internal TimeSpan RolloverLeadTime => _options.RolloverLeadTime;

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

    public RootSecret GetCurrent(RootSecretKind kind)
    {
        var purpose = ToPurpose(kind);
        if (Snapshot.CurrentRootSecrets.TryGetValue(purpose, out var secret))
        {
            return secret;
        }

        _mutex.Wait();
        try
        {
            var snapshot = RefreshCoreAsync(rotate: false, createRootSecret: purpose, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return snapshot.CurrentRootSecrets[purpose];
        }
        finally
        {
            ReleaseMutex();
        }
    }

    public RootSecret? Find(RootSecretKind kind, uint id)
    {
        var snapshot = Snapshot;
        if (!snapshot.RootSecrets.TryGetValue(id, out var secret) && TryRefreshForUnknownKey())
        {
            snapshot = Snapshot;
            snapshot.RootSecrets.TryGetValue(id, out secret);
        }

        return secret is not null && snapshot.Infos[id].Purpose == ToPurpose(kind) ? secret : null;
    }

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

    /// <summary>
    /// Takes one encryption under the current shared key, reserving more encryptions in the store (or rolling over to a new
    /// key at the per-key bound) when this process's reservation is used up.
    /// </summary>
    public FieldKey RentCurrentKey()
    {
        for (var attempt = 0; ; attempt++)
        {
            var key = Snapshot.Current;
            var count = key.TryCountEncryption();
            if (count >= 0)
            {
                if (count == key.ReservedUpTo - (_reservationBlock / 2))
                {
                    QueueReservation();
                }

                return key;
            }

            if (attempt >= 8)
            {
                throw new InvalidOperationException("The field key ring could not reserve encryptions under a current key; check the key store.");
            }

            ReserveBlocking(key);
        }
    }

    /// <summary>
    /// Loads the ring and reserves this process's first block of encryptions under the current key, so the store writes
    /// that loading may need happen at start-up, not inside the first request's database transaction (on SQLite a write
    /// from another connection waits for that transaction to end).
    /// </summary>
    public void WarmUp()
    {
        var key = Snapshot.Current;
        if (key.ReservedUpTo <= key.Encryptions)
        {
            ReserveBlocking(key);
        }
    }

    /// <summary>
    /// Gets the subject's own key. A subject this ring has not met is looked up in the store first (another instance may
    /// have made its key); only when the store holds no live key for it is one made, by a conditional insert the store
    /// decides, so two instances that meet a new subject at once end with one key.
    /// </summary>
    /// <exception cref="FieldDecryptionException">
    /// <see cref="FieldDecryptionFailureReason.KeyUnavailable"/>: the subject has a live key this instance cannot unwrap (its
    /// epoch key or DataProtection key is not here); no second key is made.
    /// </exception>
    public FieldKey GetSubjectKey(string subjectId)
    {
        if (Snapshot.SubjectKeys.TryGetValue(subjectId, out var key))
        {
            return key;
        }

        _mutex.Wait();
        try
        {
            return GetOrMakeSubjectKeyAsync(subjectId, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            ReleaseMutex();
        }
    }

    /// <summary>Gets whether the key is a live key of some subject (such values are never moved to the shared key).</summary>
    public bool IsSubjectKey(uint keyId) => Snapshot.SubjectKeysById.ContainsKey(keyId);

    /// <summary>
    /// Destroys every key of the subject in the store (instances that met the subject at once may have made one each)
    /// and in this process's memory.
    /// </summary>
    /// <returns>How many keys were destroyed by this call.</returns>
    public async Task<int> DestroySubjectKeysAsync(string subjectId, CancellationToken cancellationToken)
    {
        await _mutex.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var destroyed = 0;

            // A record another instance wrote meanwhile (wrapped under a new epoch, say) fails the conditional write: read
            // again until none of the subject's keys is live.
            for (var attempt = 0; ; attempt++)
            {
                var live = (await _store.GetAllAsync(cancellationToken).ConfigureAwait(false))
                    .Where(r => r.Purpose == FieldKeyPurpose.SubjectEncryption && r.State != FieldKeyState.Destroyed && string.Equals(r.SubjectId, subjectId, StringComparison.Ordinal))
                    .ToList();
                if (live.Count == 0)
                {
                    break;
                }

                if (attempt >= 8)
                {
                    throw new InvalidOperationException("The field key store kept changing while the subject's keys were destroyed; erase again to finish.");
                }

                foreach (var record in live)
                {
                    if (await DestroyRecordAsync(record, now, cancellationToken).ConfigureAwait(false))
                    {
                        destroyed++;
                    }
                }
            }

            await RefreshCoreAsync(rotate: false, createRootSecret: null, cancellationToken).ConfigureAwait(false);
            return destroyed;
        }
        finally
        {
            ReleaseMutex();
        }
    }

    public void Dispose()
    {
        _mutex.Wait();
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

    private void Defer(Action<ILogger> log) => (_deferredLogs ??= []).Add(log);

    private void ReleaseMutex()
    {
        var logs = _deferredLogs;
        _deferredLogs = null;
        _mutex.Release();
        if (logs is not null)
        {
            foreach (var log in logs)
            {
                log(_logger);
            }
        }
    }

    private static bool Encrypts(FieldKeyPurpose purpose) => purpose is FieldKeyPurpose.Encryption or FieldKeyPurpose.SubjectEncryption;

    private static FieldKeyPurpose ToPurpose(RootSecretKind kind) => kind switch
    {
        RootSecretKind.BlindIndex => FieldKeyPurpose.BlindIndex,
        RootSecretKind.Pseudonym => FieldKeyPurpose.Pseudonym,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private bool TryRefreshForUnknownKey()
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

    // Store calls are asynchronous; the key ring blocks on them only to load (once), for an unknown key id
    // (rate-limited), to reserve a block of encryptions, and from its timer. The file-system and in-memory stores
    // complete synchronously.
    private KeyRingSnapshot RefreshBlocking(bool onlyIfUnloaded)
    {
        _mutex.Wait();
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
        await _mutex.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RefreshCoreAsync(rotate, createRootSecret: null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ReleaseMutex();
        }
    }

    private async Task ChangeStateAsync(uint keyId, FieldKeyState state, CancellationToken cancellationToken)
    {
        await _mutex.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var records = await _store.GetAllAsync(cancellationToken).ConfigureAwait(false);
                var record = records.FirstOrDefault(r => r.Id == keyId)
                    ?? throw new InvalidOperationException($"There is no key {FieldDecryptionException.FormatKeyId(keyId)} in the field key store.");
                if (record.State == FieldKeyState.Destroyed)
                {
                    if (state == FieldKeyState.Destroyed)
                    {
                        return;
                    }

                    throw new InvalidOperationException($"Key {FieldDecryptionException.FormatKeyId(keyId)} is destroyed and cannot change state.");
                }

                if (record.Purpose is FieldKeyPurpose.BlindIndex or FieldKeyPurpose.Pseudonym
                    && _snapshot?.CurrentRootSecrets.TryGetValue(record.Purpose, out var currentRoot) == true && currentRoot.Id == keyId)
                {
                    throw new InvalidOperationException(
                        $"Key {FieldDecryptionException.FormatKeyId(keyId)} is the current {record.Purpose} root secret: retiring or destroying it would make every stored " +
                        "blind index or pseudonym unmatchable, and a new root would be made silently. Rotate it first (blind indexes: IBlindIndexRootRotation, " +
                        "begin, re-index, complete), then retire or destroy the old root.");
                }

                var wasCurrent = record.Purpose == FieldKeyPurpose.Encryption && _snapshot?.Current.Id == keyId;
                var now = _time.GetUtcNow();
                bool written;
                if (state == FieldKeyState.Destroyed)
                {
                    written = await DestroyRecordAsync(record, now, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    written = record.State == state
                        || await _store.TryUpdateAsync(record with { State = state, RetiredAt = record.RetiredAt ?? now }, record, cancellationToken).ConfigureAwait(false);
                    if (written && record.State != state)
                    {
                        Defer(l => Log.KeyStateChanged(l, FieldDecryptionException.FormatKeyId(keyId), record.Purpose, state));
                    }
                }

                if (!written && attempt < 4)
                {
                    continue;
                }

                // Retiring or destroying the current key always makes a fresh key current, never an older one.
                await RefreshCoreAsync(rotate: wasCurrent, createRootSecret: null, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        finally
        {
            ReleaseMutex();
        }
    }

    private async ValueTask<bool> DestroyRecordAsync(FieldKeyRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await _store.TryUpdateAsync(record with { State = FieldKeyState.Destroyed, DestroyedAt = now, WrappedKey = null }, record, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var id = record.Id;
        var purpose = record.Purpose;
        Defer(l => Log.KeyStateChanged(l, FieldDecryptionException.FormatKeyId(id), purpose, FieldKeyState.Destroyed));
        return true;
    }

    private void QueueReservation()
    {
        if (Interlocked.Exchange(ref _reserveQueued, 1) != 0)
        {
            return;
        }

        var key = Snapshot.Current;
        _ = Task.Run(async () =>
        {
            try
            {
                // Asynchronously: a pool thread blocked here is one fewer for the store calls the ring waits for.
                await _mutex.WaitAsync().ConfigureAwait(false);
                try
                {
                    await ReserveCoreAsync(key, CancellationToken.None).ConfigureAwait(false);
                }
                finally
                {
                    ReleaseMutex();
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.RefreshFailed(_logger, ex);
            }
            finally
            {
                Volatile.Write(ref _reserveQueued, 0);
            }
        });
    }

    /// <summary>
    /// Reserves the next block of encryptions under <paramref name="key"/> in the store, or rolls over to a new key when the
    /// key reached <see cref="FieldEncryptionOptions.MaxEncryptionsPerKey"/> or is no longer current.
    /// </summary>
    private void ReserveBlocking(FieldKey key)
    {
        _mutex.Wait();
        try
        {
            ReserveCoreAsync(key, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            ReleaseMutex();
        }
    }

    private async ValueTask ReserveCoreAsync(FieldKey key, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_snapshot?.Current != key || key.Encryptions < key.ReservedUpTo - (_reservationBlock / 2))
        {
            return; // another thread rolled over or reserved meanwhile
        }

        for (var attempt = 0; attempt < 8; attempt++)
        {
            var record = (await _store.GetAllAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == key.Id);
            if (record is null || record.State != FieldKeyState.Active || record.ReservedEncryptions >= _options.MaxEncryptionsPerKey)
            {
                if (record is not null && record.ReservedEncryptions >= _options.MaxEncryptionsPerKey)
                {
                    Defer(l => Log.EncryptionLimitReached(l, _options.MaxEncryptionsPerKey));
                }

                await RefreshCoreAsync(rotate: true, createRootSecret: null, cancellationToken, rotateCause: "limit").ConfigureAwait(false);
                return;
            }

            var block = Math.Min(_reservationBlock, _options.MaxEncryptionsPerKey - record.ReservedEncryptions);
            if (await _store.TryUpdateAsync(record with { ReservedEncryptions = record.ReservedEncryptions + block }, record, cancellationToken).ConfigureAwait(false))
            {
                key.ExtendReservation(Math.Max(key.ReservedUpTo, key.Encryptions) + block);
                return;
            }
        }

        throw new InvalidOperationException("The field key store kept changing while encryptions were reserved; try again.");
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
