namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Hands out the 256-bit root secrets that keyed hashes (blind indexes, pseudonyms) derive their keys from.
/// Root secrets live in the same <see cref="IFieldKeyStore"/> as field keys, wrapped by DataProtection, but
/// are never used to encrypt.
/// </summary>
internal interface IRootSecretProvider
{
    /// <summary>Gets the current secret of <paramref name="kind"/>, creating and storing one on first use.</summary>
    RootSecret GetCurrent(RootSecretKind kind);

    /// <summary>Finds a secret of <paramref name="kind"/> by id, or returns null when there is none.</summary>
    RootSecret? Find(RootSecretKind kind, uint id);
}

/// <summary>What a root secret is for; each kind has keys of its own.</summary>
internal enum RootSecretKind
{
    /// <summary>HMAC keys of blind indexes, one derived per index name.</summary>
    BlindIndex = 1,

    /// <summary>HMAC keys of pseudonyms, one derived per domain.</summary>
    Pseudonym = 2,
}
