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
}
