namespace HrPlus.Privacy.Encryption;

/// <summary>What an operator may know about a key: everything but the key material.</summary>
/// <param name="Id">The key id written into ciphertexts.</param>
/// <param name="Purpose">What the key is for.</param>
/// <param name="State">The life-cycle state.</param>
/// <param name="CreatedAt">When the key was made.</param>
/// <param name="ActivatesAt">From when the key encrypts.</param>
/// <param name="ExpiresAt">When the key stops encrypting (it still decrypts until destroyed).</param>
/// <param name="RetiredAt">When the key was retired, if it was.</param>
/// <param name="DestroyedAt">When the key was destroyed, if it was.</param>
public sealed record FieldKeyInfo(
    uint Id,
    FieldKeyPurpose Purpose,
    FieldKeyState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset ActivatesAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RetiredAt,
    DateTimeOffset? DestroyedAt)
{
    internal static FieldKeyInfo From(FieldKeyRecord r) =>
        new(r.Id, r.Purpose, r.State, r.CreatedAt, r.ActivatesAt, r.ExpiresAt, r.RetiredAt, r.DestroyedAt);

    /// <summary>Gets the id as 8 hex digits, the form used in logs and messages.</summary>
    public override string ToString() => $"{FieldDecryptionException.FormatKeyId(Id)} ({Purpose}, {State})";
}
