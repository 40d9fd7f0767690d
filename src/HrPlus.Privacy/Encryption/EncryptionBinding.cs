namespace HrPlus.Privacy.Encryption;

/// <summary>What an encrypted property's ciphertext is bound to, besides its entity and field names.</summary>
public enum EncryptionBinding
{
    /// <summary>Entity and field only: the value decrypts in any row of that column.</summary>
    None = 0,

    /// <summary>Also the row's primary key: a value copied to another row does not decrypt.</summary>
    Row = 1,

    /// <summary>
    /// Also the subject the row belongs to (the value of a subject-id property of the entity): a value copied to
    /// another subject's row does not decrypt, and per-subject keys and blocking can act on it.
    /// </summary>
    Subject = 2,
}
