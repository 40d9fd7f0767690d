namespace HrPlus.Privacy.Encryption;

/// <summary>
/// The keys of field encryption: the current key, lookup by id, and the operations an operator performs on
/// them (rotate, retire, destroy).
/// </summary>
/// <remarks>
/// <para>Keys are 256-bit AES keys made with the OS CSPRNG, stored wrapped by DataProtection in the
/// <see cref="IFieldKeyStore"/> and unwrapped once into memory. A new key is made automatically
/// <see cref="FieldEncryptionOptions.RolloverLeadTime"/> before the current one expires, and after
/// <see cref="FieldEncryptionOptions.MaxEncryptionsPerKey"/> encryptions by all instances together, counted in the store
/// (NIST SP 800-38D caps random-nonce GCM at 2^32 encryptions per key).</para>
/// <para>Records this application's DataProtection ring cannot unwrap are skipped (a warning names them at start-up);
/// they are never made current. Every change is one conditional record write, and a load repairs an interrupted rotation,
/// so at most one encryption key is current after any crash. Destroyed is final.</para>
/// <para>Several instances may share one store: a key made by one is found by the others on their next
/// refresh, or at once when they meet a ciphertext naming it. A key destroyed on one instance stops
/// decrypting on the others within <see cref="FieldEncryptionOptions.KeyRefreshInterval"/>.</para>
/// </remarks>
public interface IFieldKeyRing
{
    /// <summary>Gets the key that encrypts new values, loading the ring (and making a first key) if needed.</summary>
    FieldKeyInfo CurrentKey { get; }

    /// <summary>Gets every key of every purpose, as of the last refresh.</summary>
    IReadOnlyList<FieldKeyInfo> GetKeys();

    /// <summary>Makes a new encryption key current at once and retires the previous one (it keeps decrypting).</summary>
    /// <returns>The new key.</returns>
    Task<FieldKeyInfo> RotateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Retires a key: it stops encrypting and keeps decrypting. Retiring the current encryption key makes a fresh key
    /// current at once (never an older one).
    /// </summary>
    /// <exception cref="InvalidOperationException">No key has that id, it is destroyed, or it is the current root secret of
    /// blind indexes or pseudonyms (rotate it first: <see cref="IBlindIndexRootRotation"/>).</exception>
    Task RetireAsync(uint keyId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Destroys a key: its wrapped material is erased from the store and from memory, and every value under it
    /// becomes unreadable for good (<see cref="FieldDecryptionFailureReason.KeyDestroyed"/>). Re-encrypt what
    /// must survive first.
    /// </summary>
    /// <exception cref="InvalidOperationException">No key has that id, or it is the current root secret of blind indexes or
    /// pseudonyms (rotate it first: <see cref="IBlindIndexRootRotation"/>).</exception>
    Task DestroyAsync(uint keyId, CancellationToken cancellationToken = default);

    /// <summary>Reads the store again (keys made or destroyed by other instances) and rolls over if due.</summary>
    Task RefreshAsync(CancellationToken cancellationToken = default);
}
