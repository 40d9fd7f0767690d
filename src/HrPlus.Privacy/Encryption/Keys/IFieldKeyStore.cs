namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Persists keys (wrapped by DataProtection) for field encryption, blind indexes and pseudonyms.
/// </summary>
/// <remarks>
/// The default store keeps one file per key in a folder inside DataProtection's key folder; the EF Core package adds a
/// database store for deployments with several instances. Implementations must be thread-safe. Writes are
/// rare (a key a month by default); reads happen at start-up and when a ciphertext names a key id that this
/// process has not seen yet. A store must keep every property of <see cref="FieldKeyRecord"/>, including
/// <see cref="FieldKeyRecord.ReservedEncryptions"/> and <see cref="FieldKeyRecord.WrappingVersion"/> (a store that drops
/// the reservation cannot enforce <see cref="FieldEncryptionOptions.MaxEncryptionsPerKey"/> across restarts).
/// </remarks>
public interface IFieldKeyStore
{
    /// <summary>Reads every key in the store, destroyed ones included.</summary>
    ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken);

    /// <summary>Adds a new key.</summary>
    /// <returns><see langword="false"/> when a key with the same id exists already (the caller picks another id).</returns>
    ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken);

    /// <summary>Replaces the key with the same id (state changes; destruction clears the wrapped key).</summary>
    /// <remarks>
    /// <see cref="FieldKeyState.Destroyed"/> is final: the built-in stores refuse to replace a destroyed record with
    /// anything but a destroyed one. The key ring itself writes through <see cref="TryUpdateAsync"/>.
    /// </remarks>
    /// <exception cref="InvalidOperationException">No key has that id, or it is destroyed and the update is not.</exception>
    ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the key with the same id only when the stored record still matches <paramref name="expected"/>: the same
    /// <see cref="FieldKeyRecord.State"/>, <see cref="FieldKeyRecord.ReservedEncryptions"/> and
    /// <see cref="FieldKeyRecord.WrappingVersion"/>. A destroyed record is never replaced.
    /// </summary>
    /// <param name="key">The new record.</param>
    /// <param name="expected">The record as the caller read it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see langword="true"/> when the record was replaced; <see langword="false"/> when it changed since it was read (the
    /// caller reads again and decides again), is destroyed, or is gone.
    /// </returns>
    /// <remarks>
    /// The built-in stores make the comparison and the write one atomic step, which is what keeps a destroyed key
    /// destroyed and the per-key encryption count exact across instances. This default implementation, for stores written
    /// before this member existed, reads and then writes: override it with an atomic one.
    /// </remarks>
    async ValueTask<bool> TryUpdateAsync(FieldKeyRecord key, FieldKeyRecord expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(expected);
        var records = await GetAllAsync(cancellationToken).ConfigureAwait(false);
        var stored = records.FirstOrDefault(r => r.Id == key.Id);
        if (stored is null || stored.State == FieldKeyState.Destroyed || !FieldKeyRecordVersion.Matches(stored, expected))
        {
            return false;
        }

        await UpdateAsync(key, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Reads one key by id, destroyed or not: a point lookup, not a read of the whole store.</summary>
    /// <param name="id">The key id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or null when the store holds no key with that id.</returns>
    /// <remarks>
    /// The key ring calls this when a ciphertext names a key id it has not seen (another instance made it a moment ago).
    /// This default implementation, for stores written before this member existed, reads the whole store: override it.
    /// </remarks>
    async ValueTask<FieldKeyRecord?> GetAsync(uint id, CancellationToken cancellationToken)
    {
        var records = await GetAllAsync(cancellationToken).ConfigureAwait(false);
        return records.FirstOrDefault(r => r.Id == id);
    }

    /// <summary>Reads one key by id, destroyed or not, synchronously on the calling thread: a point lookup.</summary>
    /// <param name="id">The key id.</param>
    /// <returns>The record, or null when the store holds no key with that id.</returns>
    /// <remarks>
    /// The key ring calls this from the synchronous API (a value decrypted inside an EF Core query, on a request thread) when
    /// a ciphertext names a key id it has not loaded. A store over a database overrides it with a synchronous query: a
    /// thread that blocks on an asynchronous read needs another thread-pool thread for the read to finish on, so a burst of
    /// such requests needs as many threads as requests, and the pool adds them only about one every half second. This
    /// default implementation waits for <see cref="GetAsync"/>, which is right for a store whose calls complete at once.
    /// </remarks>
    FieldKeyRecord? Get(uint id) => GetAsync(id, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Reads the live (<see cref="FieldKeyState.Active"/>) keys of <paramref name="purpose"/> that belong to
    /// <paramref name="subjectId"/> (null: keys of no subject), pending ones included.
    /// </summary>
    /// <param name="purpose">What the keys are for.</param>
    /// <param name="subjectId">The subject (ordinal comparison), or null for keys that belong to no subject.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The live records, in no particular order.</returns>
    /// <remarks>
    /// The key ring calls this before it makes a key for a subject it has not met, so that it adopts the key another
    /// instance made instead of making a second one. This default implementation reads the whole store: override it.
    /// </remarks>
    async ValueTask<IReadOnlyList<FieldKeyRecord>> GetLiveAsync(FieldKeyPurpose purpose, string? subjectId, CancellationToken cancellationToken)
    {
        var records = await GetAllAsync(cancellationToken).ConfigureAwait(false);
        return [.. records.Where(r => r.Purpose == purpose && r.State == FieldKeyState.Active && string.Equals(r.SubjectId, subjectId, StringComparison.Ordinal))];
    }

    /// <summary>
    /// Adds <paramref name="key"/> only when the store holds no live key in the same slot: no
    /// <see cref="FieldKeyState.Active"/> record of the same <see cref="FieldKeyRecord.Purpose"/> and
    /// <see cref="FieldKeyRecord.SubjectId"/> that is pending exactly when <paramref name="key"/> is (a pending record's
    /// <see cref="FieldKeyRecord.ActivatesAt"/> is <see cref="DateTimeOffset.MaxValue"/>). The store decides, so of several
    /// instances that try at once exactly one adds its record and every other one gets that record back.
    /// </summary>
    /// <param name="key">The new record (<see cref="FieldKeyState.Active"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <paramref name="key"/> itself when it was added; the live record that holds the slot when one does (the newest by
    /// <see cref="FieldKeyRecord.CreatedAt"/>, then id, should a store hold several from an earlier release); null when the
    /// slot is free but <paramref name="key"/>'s id is taken (the caller picks another id).
    /// </returns>
    /// <remarks>
    /// This is how the fleet makes its one-of-a-kind keys: the first field encryption key, each blind-index and pseudonym
    /// root, a pending root, one live key per subject, and any other key every instance must share (a purpose of its own
    /// and no subject). The built-in stores make the check and the insert one atomic step (a lock file, a lock, a
    /// serialized transaction plus a unique index over live subject keys). This default implementation, for stores written
    /// before this member existed, reads and then adds: override it with an atomic one.
    /// </remarks>
    async ValueTask<FieldKeyRecord?> TryAddIfSlotFreeAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var live = await GetLiveAsync(key.Purpose, key.SubjectId, cancellationToken).ConfigureAwait(false);
        if (FieldKeySlot.Holder(live, key) is { } holder)
        {
            return holder;
        }

        return await TryAddAsync(key, cancellationToken).ConfigureAwait(false) ? key : null;
    }
}
