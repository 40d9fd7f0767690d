namespace HrPlus.Privacy.Encryption;

/// <summary>
/// A key as an <see cref="IFieldKeyStore"/> keeps it: metadata and the key material wrapped (encrypted) by
/// ASP.NET Core DataProtection. Plain key bytes are never stored.
/// </summary>
public sealed record FieldKeyRecord
{
    /// <summary>Gets the key id written into every ciphertext made with the key. Unique within a store.</summary>
    public required uint Id { get; init; }

    /// <summary>Gets what the key is for.</summary>
    public required FieldKeyPurpose Purpose { get; init; }

    /// <summary>Gets the life-cycle state.</summary>
    public required FieldKeyState State { get; init; }

    /// <summary>Gets when the key was made.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets from when the key is used to encrypt.</summary>
    public required DateTimeOffset ActivatesAt { get; init; }

    /// <summary>Gets when the key stops encrypting; it still decrypts afterwards until destroyed.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Gets when the key was retired, if it was.</summary>
    public DateTimeOffset? RetiredAt { get; init; }

    /// <summary>Gets when the key was destroyed, if it was.</summary>
    public DateTimeOffset? DestroyedAt { get; init; }

    /// <summary>
    /// Gets the subject a <see cref="FieldKeyPurpose.SubjectEncryption"/> key belongs to (an opaque id, never an IIN), or
    /// null for every other purpose.
    /// </summary>
    public string? SubjectId { get; init; }

    /// <summary>
    /// Gets the key material protected by DataProtection, or null once the key is destroyed.
    /// </summary>
    public byte[]? WrappedKey { get; init; }

    /// <summary>
    /// Gets how many encryptions under this key have been reserved, by every instance together, since it was made.
    /// </summary>
    /// <remarks>
    /// An instance reserves a block of encryptions (a conditional update of this count) before it uses them, so the
    /// per-key bound of <see cref="FieldEncryptionOptions.MaxEncryptionsPerKey"/> holds across restarts and instances:
    /// a restart loses at most the unused part of its last block, it never counts from zero again. Default: 0.
    /// </remarks>
    public long ReservedEncryptions { get; init; }

    /// <summary>
    /// Gets how <see cref="WrappedKey"/> was wrapped: 0 for the first release (one DataProtection purpose for every key),
    /// 1 for a purpose that names this record's id, purpose and subject, so a wrapped key moved to another record does
    /// not unwrap; 2 for a subject key wrapped under an epoch key kept outside the store, then by DataProtection (the first
    /// four bytes of <see cref="WrappedKey"/> are the epoch key's id, big-endian; see
    /// <see cref="FieldEncryptionOptions.SubjectKeyEpoch"/>). Default: 0. The key ring rewraps version-0 keys to version 1
    /// when it loads them, and subject keys to version 2 at its next refresh.
    /// </summary>
    public int WrappingVersion { get; init; }
}
