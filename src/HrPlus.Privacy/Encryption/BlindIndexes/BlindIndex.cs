using System.Text;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// A named blind index: the HMAC key is derived from the blind-index root secret and this name, so two indexes
/// never give the same output for one value. Create one per indexed column and keep it.
/// </summary>
/// <remarks>
/// The output is truncated to <see cref="Bits"/> bits. Fewer bits mean more coincidences (rows that share an
/// index without sharing a value), which is what keeps an index from identifying a row on its own; see
/// <see cref="BlindIndexPlanner"/> for choosing the length. Instances are immutable and thread-safe.
/// </remarks>
public sealed class BlindIndex
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<RootSecret, HmacKey> _keys = new(ReferenceEqualityComparer.Instance);
    private HmacKey? _key;

    private BlindIndex(string name, BlindIndexNormalization normalization, int bits)
    {
        Name = name;
        Normalization = normalization;
        Bits = bits;
        Info = Encoding.UTF8.GetBytes("HrPlus.Privacy/blind-index/v1\0" + name);
    }

    /// <summary>Gets the index name, e.g. <c>"Pupil.Iin"</c>.</summary>
    public string Name { get; }

    /// <summary>Gets how values are normalized first.</summary>
    public BlindIndexNormalization Normalization { get; }

    /// <summary>Gets the output length in bits (1 to 256).</summary>
    public int Bits { get; }

    /// <summary>Gets the output length in bytes: <see cref="Bits"/> rounded up to whole bytes.</summary>
    public int Bytes => (Bits + 7) / 8;

    internal byte[] Info { get; }

    /// <summary>Defines a blind index.</summary>
    /// <param name="name">A stable name, 1 to 128 characters; changing it changes every output.</param>
    /// <param name="normalization">How values are normalized.</param>
    /// <param name="bits">The output length in bits, 1 to 256.</param>
    /// <exception cref="ArgumentException">A name that is empty or too long, or a length out of range.</exception>
    public static BlindIndex Create(string name, BlindIndexNormalization normalization, int bits)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(name.Length, 128, nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 256);
        if (!Enum.IsDefined(normalization))
        {
            throw new ArgumentOutOfRangeException(nameof(normalization));
        }

        return new BlindIndex(name, normalization, bits);
    }

    /// <summary>
    /// Puts <paramref name="value"/> into the canonical form this index hashes (e.g. <c>+77011234567</c> for any
    /// written form of that phone number), or returns null when it is not valid for the normalization.
    /// </summary>
    public string? Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var buffer = new char[ValueNormalizer.MaxLength(value.Length)];
        return ValueNormalizer.TryNormalize(Normalization, value, buffer, out var written) ? new string(buffer, 0, written) : null;
    }

    /// <summary>Gets <c>Name (normalization, bits)</c>.</summary>
    public override string ToString() => $"{Name} ({Normalization}, {Bits} bits)";

    /// <summary>Gets the HMAC key of this index under <paramref name="root"/>, deriving it once per root.</summary>
    internal HmacKey KeyFor(RootSecret root)
    {
        var key = _key;
        if (key is not null && ReferenceEquals(key.Root, root) && !key.IsDisposed)
        {
            return key;
        }

        // Lookups during a root rotation alternate between roots: keep every live root's key, not only the last one.
        if (!_keys.TryGetValue(root, out key) || key.IsDisposed)
        {
            foreach (var stale in _keys.Where(p => p.Value.IsDisposed).ToList())
            {
                _keys.TryRemove(stale);
            }

            key = _keys[root] = new HmacKey(root, Info);
        }

        _key = key;
        return key;
    }
}
