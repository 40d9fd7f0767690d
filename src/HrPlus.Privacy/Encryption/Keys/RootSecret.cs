namespace HrPlus.Privacy.Encryption;

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
