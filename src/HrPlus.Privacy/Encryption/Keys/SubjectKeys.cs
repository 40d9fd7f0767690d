namespace HrPlus.Privacy.Encryption;

/// <summary>
/// The field key ring's keys of data subjects: one live key per subject for the fleet (looked up in the store before one
/// is made, made by a conditional insert the store decides), adopted from other instances into the live snapshot, and
/// destroyed on erasure. Their epoch keys are kept by <see cref="SubjectKeyEpochJob"/>.
/// </summary>
internal sealed class SubjectKeys(
    FieldKeyRing ring,
    IFieldKeyStore store,
    TimeProvider time,
    KeyRingLock ringLock,
    FieldKeyFactory factory,
    SubjectKeyEpochJob epochJob)
{
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
        if (ring.Snapshot.SubjectKeys.TryGetValue(subjectId, out var key))
        {
            return key;
        }

        ringLock.Enter();
        try
        {
            return GetOrMakeAsync(subjectId, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            ringLock.Exit();
        }
    }

    /// <summary>
    /// Gets the subject's own key like <see cref="GetSubjectKey"/>, waiting for the lock and the store without blocking a
    /// thread: the asynchronous save path calls it for every subject it is about to encrypt for, so the synchronous
    /// encryption that follows finds the key in memory. (Blocking a pool thread on the store's asynchronous calls for each
    /// new subject starved the thread pool of busy instances for up to seconds, change notifications' reloads included.)
    /// </summary>
    /// <exception cref="FieldDecryptionException">As <see cref="GetSubjectKey"/>.</exception>
    public async ValueTask<FieldKey> GetSubjectKeyAsync(string subjectId, CancellationToken cancellationToken)
    {
        if (ring.Loaded is { } loaded && loaded.SubjectKeys.TryGetValue(subjectId, out var key))
        {
            return key;
        }

        await ringLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await GetOrMakeAsync(subjectId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ringLock.Exit();
        }
    }

    /// <summary>Gets whether the key is a live key of some subject (such values are never moved to the shared key).</summary>
    public bool IsSubjectKey(uint keyId) => ring.Snapshot.SubjectKeysById.ContainsKey(keyId);

    /// <summary>
    /// Destroys every key of the subject in the store (instances that met the subject at once may have made one each)
    /// and in this process's memory.
    /// </summary>
    /// <returns>How many keys were destroyed by this call.</returns>
    public async Task<int> DestroyAsync(string subjectId, CancellationToken cancellationToken)
    {
        await ringLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var destroyed = 0;

            // A record another instance wrote meanwhile (wrapped under a new epoch, say) fails the conditional write: read
            // again until none of the subject's keys is live.
            for (var attempt = 0; ; attempt++)
            {
                var live = (await store.GetAllAsync(cancellationToken).ConfigureAwait(false))
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
                    if (await factory.DestroyRecordAsync(record, now, cancellationToken).ConfigureAwait(false))
                    {
                        destroyed++;
                    }
                }
            }

            await ring.RefreshCoreAsync(rotate: false, createRootSecret: null, cancellationToken).ConfigureAwait(false);
            return destroyed;
        }
        finally
        {
            ringLock.Exit();
        }
    }

    /// <summary>
    /// Unwraps a subject key another instance wrote and adds it to the live snapshot. Caller holds the lock.
    /// </summary>
    /// <exception cref="FieldDecryptionException">The key is destroyed or cannot be unwrapped here (the message says which key fails).</exception>
    public async ValueTask<FieldKey> AdoptAsync(FieldKeyRecord record, KeyRingSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (record.State == FieldKeyState.Destroyed || record.WrappedKey is null)
        {
            throw FieldDecryptionException.KeyDestroyed(record.Id);
        }

        if (epochJob.Epochs is { } epochs && EpochWrapping.TryReadEpochId(record, out var epochId))
        {
            await epochs.EnsureLoadedAsync(epochId, cancellationToken).ConfigureAwait(false);
            if (await epochJob.ShredIfEpochDestroyedAsync(record, time.GetUtcNow(), cancellationToken).ConfigureAwait(false) is not null)
            {
                throw FieldDecryptionException.KeyDestroyed(record.Id);
            }
        }

        var key = factory.TryUnwrap(record, report: false) ?? throw FieldDecryptionException.KeyUnavailable(record.Id, factory.WhyUnavailable(record));
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

    /// <summary>Finds the subject's live key in the store and adopts it, or makes it in the subject's slot. Caller holds the lock.</summary>
    private async ValueTask<FieldKey> GetOrMakeAsync(string subjectId, CancellationToken cancellationToken)
    {
        ring.ThrowIfDisposed();
        var snapshot = ring.Loaded ?? await ring.RefreshCoreAsync(rotate: false, createRootSecret: null, cancellationToken).ConfigureAwait(false);
        if (snapshot.SubjectKeys.TryGetValue(subjectId, out var key))
        {
            return key;
        }

        var live = await store.GetLiveAsync(FieldKeyPurpose.SubjectEncryption, subjectId, cancellationToken).ConfigureAwait(false);
        var holder = live.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).FirstOrDefault();
        if (holder is null)
        {
            var now = time.GetUtcNow();
            var (record, made) = await factory.CreateKeyCoreAsync(FieldKeyPurpose.SubjectEncryption, now, DateTimeOffset.MaxValue, subjectId, activates: null, inSlot: true, cancellationToken).ConfigureAwait(false);
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
}
