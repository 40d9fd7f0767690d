namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Computes blind indexes: keyed HMAC-SHA256 over a normalized value, truncated, so an encrypted column can be
/// searched by equality without being decrypted.
/// </summary>
/// <remarks>
/// The keys are derived per index from a root secret that is separate from every encryption key and kept,
/// wrapped by DataProtection, in the field key store. There is deliberately no unkeyed variant: the whole IIN
/// space is about 2^29 values, so a plain hash of an IIN is reversed in seconds.
/// </remarks>
public interface IBlindIndexer
{
    /// <summary>Computes the index of <paramref name="value"/> as base64url text (no padding), for a database column.</summary>
    /// <exception cref="FormatException">The value is not valid for the index's normalization (the message never contains it).</exception>
    string Compute(BlindIndex index, string value);

    /// <summary>Computes the index into <paramref name="destination"/> (at least <see cref="BlindIndex.Bytes"/> bytes) without allocating.</summary>
    /// <returns><see langword="false"/> when the value is not valid for the index's normalization.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    bool TryCompute(BlindIndex index, ReadOnlySpan<char> value, Span<byte> destination, out int bytesWritten);
}
