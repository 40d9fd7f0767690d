namespace HrPlus.Privacy.Encryption;

/// <summary>
/// What keeps the fleet on one set of keys: point lookups of keys other instances made a moment ago, one live key per
/// subject (looked up before one is made, made by a conditional insert the store decides), one first key and one root per
/// purpose, and the start-up check of the epoch keys that live subject keys name.
/// </summary>
internal sealed partial class FieldKeyRing
{
    /// <summary>How many distinct epoch keys named by live subject keys the start-up check tries.</summary>
    internal const int EpochCheckSample = 32;

    private volatile EpochKeyCheck? _epochCheck;

    /// <summary>Gets the result of the start-up check of epoch keys, or null before it ran (or without epoch keys).</summary>
    internal EpochKeyCheck? EpochCheck => _epochCheck;

    /// <summary>
    /// Reads one key by id from the store (a point lookup) and loads it: a subject key into the live snapshot, a shared key by
    /// a refresh. Returns null when the store has no such encryption key.
    /// </summary>
    /// <remarks>
    /// Called from the synchronous API (a value decrypted inside an EF Core query, on a request thread). The record is read
    /// with <see cref="IFieldKeyStore.Get"/> on this thread and outside the mutex: had this thread blocked on an asynchronous
    /// read, the read would need another thread-pool thread to finish on, and a burst of requests that each meet a key
    /// another instance made (a restarted instance's first seconds, cross-instance reads) needed as many threads as
    /// requests, which the pool adds about one every half second, and every pool thread was blocked for seconds, every
    /// change notification's reload in the process with them (KeyRingBlockingTests). A destroyed key is reported without
    /// taking the mutex at all.
    /// </remarks>
    /// <exception cref="FieldDecryptionException">The key is destroyed or cannot be unwrapped here (the message says which key fails).</exception>
    private FieldKey? LookUpKey(uint keyId)
    {
        _metrics?.UnknownKeyRefreshed();
        ObjectDisposedException.ThrowIf(_disposed, this);
        var record = _store.Get(keyId);
        if (record is null || !Encrypts(record.Purpose))
        {
            return null;
        }

        if (record.State == FieldKeyState.Destroyed || record.WrappedKey is null)
        {
            throw FieldDecryptionException.KeyDestroyed(record.Id);
        }

        _mutex.Wait();
        try
        {
            return LookUpKeyAsync(record, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            ReleaseMutex();
        }
    }

    /// <summary>Loads a record read by <see cref="LookUpKey"/>, unless another thread loaded it meanwhile. Caller holds the mutex.</summary>
    private async ValueTask<FieldKey?> LookUpKeyAsync(FieldKeyRecord record, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var snapshot = _snapshot ?? await RefreshCoreAsync(rotate: false, createRootSecret: null, cancellationToken).ConfigureAwait(false);
        if (snapshot.TryGetKey(record.Id, out var loaded) && Encrypts(loaded.Purpose))
        {
            return loaded;
        }

        return await AdoptAsync(record, snapshot, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds the subject's live key in the store and adopts it, or makes it in the subject's slot. Caller holds the mutex.</summary>
    private async ValueTask<FieldKey> GetOrMakeSubjectKeyAsync(string subjectId, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var snapshot = _snapshot ?? await RefreshCoreAsync(rotate: false, createRootSecret: null, cancellationToken).ConfigureAwait(false);
        if (snapshot.SubjectKeys.TryGetValue(subjectId, out var key))
        {
            return key;
        }

        var live = await _store.GetLiveAsync(FieldKeyPurpose.SubjectEncryption, subjectId, cancellationToken).ConfigureAwait(false);
        var holder = live.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).FirstOrDefault();
        if (holder is null)
        {
            var now = _time.GetUtcNow();
            var (record, made) = await CreateKeyCoreAsync(FieldKeyPurpose.SubjectEncryption, now, DateTimeOffset.MaxValue, subjectId, activates: null, inSlot: true, cancellationToken).ConfigureAwait(false);
            if (made is not null)
            {
                snapshot.SubjectKeysById[made.Id] = (made, FieldKeyInfo.From(record));
                snapshot.SubjectKeys[subjectId] = made;
                return made;
            }

            holder = record;
        }

        return await AdoptAsync(holder, snapshot, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Unwraps a record another instance wrote and adds it to this ring: a subject key to the live snapshot, a shared key by a
    /// refresh (its snapshot is immutable). Caller holds the mutex.
    /// </summary>
    private async ValueTask<FieldKey> AdoptAsync(FieldKeyRecord record, KeyRingSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (record.State == FieldKeyState.Destroyed || record.WrappedKey is null)
        {
            throw FieldDecryptionException.KeyDestroyed(record.Id);
        }

        if (record.Purpose != FieldKeyPurpose.SubjectEncryption)
        {
            var refreshed = await RefreshCoreAsync(rotate: false, createRootSecret: null, cancellationToken).ConfigureAwait(false);
            return refreshed.TryGetKey(record.Id, out var shared) ? shared : throw FieldDecryptionException.KeyUnavailable(record.Id, WhyUnavailable(record));
        }

        if (_epochs is not null && TryReadEpochId(record, out var epochId))
        {
            await _epochs.EnsureLoadedAsync(epochId, cancellationToken).ConfigureAwait(false);
            if (await ShredIfEpochDestroyedAsync(record, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false) is not null)
            {
                throw FieldDecryptionException.KeyDestroyed(record.Id);
            }
        }

        var key = TryUnwrap(record, report: false) ?? throw FieldDecryptionException.KeyUnavailable(record.Id, WhyUnavailable(record));
        var existing = snapshot.SubjectKeysById.GetOrAdd(key.Id, (key, FieldKeyInfo.From(record)));
        if (!ReferenceEquals(existing.Key, key))
        {
            key.Dispose();
            key = existing.Key;
        }

        if (record.State == FieldKeyState.Active && record.SubjectId is { } subjectId)
        {
            key = snapshot.SubjectKeys.GetOrAdd(subjectId, key);
        }

        return key;
    }

    /// <summary>Names the key that cannot be unwrapped, and where it was looked for. Caller holds the mutex.</summary>
    private string WhyUnavailable(FieldKeyRecord record)
    {
        if (record.WrappingVersion != EpochWrappingVersion || !TryReadEpochId(record, out var epochId))
        {
            return "this application's DataProtection key ring cannot unwrap it; check that every instance shares the same DataProtection key ring and application name";
        }

        return _epochs is null
            ? "it is wrapped under an epoch key, and this instance has no epoch key store (PrivacyOptions.Encryption.PerSubjectKeys is off and no epoch key home is named)"
            : _epochs.Describe(epochId) + "; every instance must use the same epoch key home (EpochKeyDirectory or PersistEpochKeysToDbContext) and DataProtection key ring";
    }

    /// <summary>
    /// Makes the key of a one-of-a-kind slot (the first field key, a root, a pending root) unless the store already holds one,
    /// and adopts the one it holds when this ring can unwrap it. A holder this ring cannot unwrap (another application's
    /// key in a shared folder) is passed over: the ring makes its own key as it did before. Caller holds the mutex.
    /// </summary>
    private async ValueTask<(FieldKeyRecord Record, FieldKey Key)> CreateSharedAsync(FieldKeyPurpose purpose, DateTimeOffset now, DateTimeOffset expires, DateTimeOffset? activates, CancellationToken cancellationToken)
    {
        var (record, key) = await CreateKeyCoreAsync(purpose, now, expires, subjectId: null, activates, inSlot: true, cancellationToken).ConfigureAwait(false);
        if (key is not null)
        {
            return (record, key);
        }

        if (TryUnwrap(record, report: false) is { } adopted)
        {
            var id = FieldDecryptionException.FormatKeyId(record.Id);
            Defer(l => Log.SharedKeyAdopted(l, purpose, id));
            return (record, adopted);
        }

        return await CreateKeyAsync(purpose, now, expires, cancellationToken, activates: activates).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks that this instance can use the epoch keys its live subject keys name (a sample of at most
    /// <see cref="EpochCheckSample"/> distinct epoch keys), records the result for the health check and warns about the ones
    /// it cannot use.
    /// </summary>
    public async Task<EpochKeyCheck?> CheckEpochKeysAsync(CancellationToken cancellationToken)
    {
        if (_epochs is null)
        {
            return null;
        }

        await _mutex.WaitAsync(cancellationToken).ConfigureAwait(false);
        EpochKeyCheck check;
        try
        {
            await _epochs.LoadAsync(cancellationToken).ConfigureAwait(false);
            var epochIds = new HashSet<uint>();
            foreach (var record in await _store.GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (record.Purpose == FieldKeyPurpose.SubjectEncryption && record.State != FieldKeyState.Destroyed && TryReadEpochId(record, out var epochId))
                {
                    epochIds.Add(epochId);
                    if (epochIds.Count >= EpochCheckSample)
                    {
                        break;
                    }
                }
            }

            var unusable = new List<uint>();
            foreach (var epochId in epochIds)
            {
                if (!_epochs.IsDestroyed(epochId) && !await _epochs.EnsureLoadedAsync(epochId, cancellationToken).ConfigureAwait(false))
                {
                    unusable.Add(epochId);
                }
            }

            check = new EpochKeyCheck(epochIds.Count, unusable, _epochs.Location);
            _epochCheck = check;
        }
        finally
        {
            ReleaseMutex();
        }

        if (check.Unusable.Count > 0)
        {
            Log.EpochKeysUnavailable(_logger, check.Unusable.Count, check.Checked, string.Join(", ", check.Unusable.Select(FieldDecryptionException.FormatKeyId)), check.Location);
        }

        return check;
    }
}

/// <summary>The result of the start-up check of the epoch keys that live subject keys name.</summary>
/// <param name="Checked">How many distinct epoch keys were tried.</param>
/// <param name="Unusable">The ids of those this instance cannot use (not in its epoch store, or not unwrappable).</param>
/// <param name="Location">Where the epoch keys live, in words.</param>
internal sealed record EpochKeyCheck(int Checked, IReadOnlyList<uint> Unusable, string Location);
