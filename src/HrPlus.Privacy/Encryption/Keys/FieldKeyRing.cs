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
/// Readers take the immutable <see cref="KeyRingSnapshot"/> with one volatile read; every change builds a new
/// snapshot under <see cref="_mutex"/>. Refreshes are driven by a timer from <see cref="TimeProvider"/>, so
/// the hot path never looks at the clock.
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
    private volatile KeyRingSnapshot? _snapshot;
    private long _lastUnknownKeyRefresh = long.MinValue;
    private int _rolloverQueued;
    private bool _disposed;

    // Log calls made while the mutex is held run after it is released: a log pipeline with redaction can call
    // back into this ring (pseudonymizing redactors need a root secret), and the mutex is not re-entrant.
    private List<Action<ILogger>>? _deferredLogs;

    public FieldKeyRing(
        IFieldKeyStore store,
        IDataProtectionProvider dataProtection,
        TimeProvider time,
        IOptions<FieldEncryptionOptions> options,
        ILogger logger)
    {
        _store = store;
        _protector = dataProtection.CreateProtector(ProtectorPurpose);
        _time = time;
        _options = options.Value;
        _logger = logger;
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

    public IReadOnlyList<FieldKeyInfo> GetKeys() =>
        [.. Snapshot.Infos.Values.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id)];

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

    /// <summary>Finds a key to decrypt with, reading the store once more (rate-limited) when the id is new.</summary>
    /// <exception cref="FieldDecryptionException">The key is unknown, destroyed or cannot be unwrapped.</exception>
    public FieldKey GetDecryptionKey(uint keyId)
    {
        var snapshot = Snapshot;
        if (snapshot.Keys.TryGetValue(keyId, out var key) && Encrypts(snapshot.Infos[keyId].Purpose))
        {
            return key;
        }

        if (!snapshot.Infos.ContainsKey(keyId) && TryRefreshForUnknownKey())
        {
            snapshot = Snapshot;
            if (snapshot.Keys.TryGetValue(keyId, out key) && Encrypts(snapshot.Infos[keyId].Purpose))
            {
                return key;
            }
        }

        if (snapshot.Infos.TryGetValue(keyId, out var info) && Encrypts(info.Purpose))
        {
            if (info.State == FieldKeyState.Destroyed)
            {
                throw FieldDecryptionException.KeyDestroyed(keyId);
            }

            if (snapshot.Unavailable.Contains(keyId))
            {
                throw FieldDecryptionException.KeyUnavailable(keyId);
            }
        }

        throw FieldDecryptionException.UnknownKey(keyId);
    }

    /// <summary>Gets the subject's own key, making it (and storing it wrapped) on the subject's first encryption.</summary>
    public FieldKey GetSubjectKey(string subjectId)
    {
        if (Snapshot.SubjectKeys.TryGetValue(subjectId, out var key))
        {
            return key;
        }

        _mutex.Wait();
        try
        {
            var snapshot = RefreshCoreAsync(rotate: false, createRootSecret: null, CancellationToken.None, createSubjectKey: subjectId).AsTask().GetAwaiter().GetResult();
            return snapshot.SubjectKeys[subjectId];
        }
        finally
        {
            ReleaseMutex();
        }
    }

    /// <summary>Gets whether the key is a live key of some subject (such values are never moved to the shared key).</summary>
    public bool IsSubjectKey(uint keyId) =>
        Snapshot.Infos.TryGetValue(keyId, out var info) && info.Purpose == FieldKeyPurpose.SubjectEncryption && info.State != FieldKeyState.Destroyed;

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
            foreach (var record in await _store.GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (record.Purpose == FieldKeyPurpose.SubjectEncryption && record.State != FieldKeyState.Destroyed
                    && string.Equals(record.SubjectId, subjectId, StringComparison.Ordinal))
                {
                    await _store.UpdateAsync(record with { State = FieldKeyState.Destroyed, DestroyedAt = now, WrappedKey = null }, cancellationToken).ConfigureAwait(false);
                    var id = record.Id;
                    Defer(l => Log.KeyStateChanged(l, FieldDecryptionException.FormatKeyId(id), FieldKeyPurpose.SubjectEncryption, FieldKeyState.Destroyed));
                    destroyed++;
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

    /// <summary>Called after each encryption with the current key's new encryption count.</summary>
    public void OnEncrypted(long count)
    {
        if (count >= _options.MaxEncryptionsPerKey && Interlocked.Exchange(ref _rolloverQueued, 1) == 0)
        {
            Log.EncryptionLimitReached(_logger, _options.MaxEncryptionsPerKey);
            _ = Task.Run(async () =>
            {
                try
                {
                    await RefreshAsync(rotate: false, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Log.RefreshFailed(_logger, ex);
                }
                finally
                {
                    Volatile.Write(ref _rolloverQueued, 0);
                }
            });
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
            if (_snapshot is { } snapshot)
            {
                foreach (var key in snapshot.Keys.Values)
                {
                    key.Dispose();
                }
            }
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

        RefreshBlocking(onlyIfUnloaded: false);
        return true;
    }

    // Store calls are asynchronous; the key ring blocks on them only to load (once), for an unknown key id
    // (rate-limited) and from its timer. The file-system and in-memory stores complete synchronously.
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

            var now = _time.GetUtcNow();
            var updated = state == FieldKeyState.Destroyed
                ? record with { State = state, DestroyedAt = now, WrappedKey = null }
                : record with { State = state, RetiredAt = record.RetiredAt ?? now };
            await _store.UpdateAsync(updated, cancellationToken).ConfigureAwait(false);
            Defer(l => Log.KeyStateChanged(l, FieldDecryptionException.FormatKeyId(keyId), record.Purpose, state));
            await RefreshCoreAsync(rotate: false, createRootSecret: null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ReleaseMutex();
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
