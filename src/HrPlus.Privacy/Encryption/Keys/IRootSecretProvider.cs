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

/// <summary>A root secret and its id. The key bytes belong to the key ring and never leave it: keys are derived from them.</summary>
internal sealed class RootSecret : IDisposable
{
    private readonly FieldKey _key;
    private readonly Lock _gate = new();
    private List<HmacKey>? _derived = [];

    public RootSecret(FieldKey key) => _key = key;

    /// <summary>Gets the key id of the root.</summary>
    public uint Id => _key.Id;

    /// <summary>
    /// Derives a key from the root with HKDF-SHA256 and <paramref name="info"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The root was destroyed meanwhile (nothing is derived from erased bytes).</exception>
    public void Derive(ReadOnlySpan<byte> info, Span<byte> output)
    {
        if (!_key.TryDerive(info, output))
        {
            throw new InvalidOperationException($"The root secret {FieldDecryptionException.FormatKeyId(Id)} was destroyed while a key was derived from it.");
        }
    }

    /// <summary>Remembers a key derived from this root, so destroying the root zeroes it too.</summary>
    public void Track(HmacKey derived)
    {
        lock (_gate)
        {
            if (_derived is not null)
            {
                _derived.Add(derived);
                return;
            }
        }

        derived.Dispose();
        throw new InvalidOperationException($"The root secret {FieldDecryptionException.FormatKeyId(Id)} was destroyed while a key was derived from it.");
    }

    /// <summary>Zeroes every key derived from this root (the root's own bytes belong to its <see cref="FieldKey"/>).</summary>
    public void Dispose()
    {
        List<HmacKey>? derived;
        lock (_gate)
        {
            derived = _derived;
            _derived = null;
        }

        foreach (var key in derived ?? [])
        {
            key.Dispose();
        }
    }
}
