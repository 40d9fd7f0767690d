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
}
