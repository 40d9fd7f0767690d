using System.Buffers.Binary;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// The stable format of field ciphertexts, version 1, and helpers to size buffers and recognise values.
/// </summary>
/// <remarks>
/// <para>Binary form: <c>[0x01][key id, 4 bytes big-endian][nonce, 12 bytes][ciphertext][tag, 16 bytes]</c>,
/// <see cref="Overhead"/> = 33 bytes more than the plaintext. AES-256-GCM; the associated data binds the
/// first five bytes, the entity and field names and the optional row or subject key.</para>
/// <para>Text form: <c>hp1.</c> followed by the binary form in base64url without padding.</para>
/// <para>The format is frozen: ciphertexts written by this version decrypt in every later version.</para>
/// </remarks>
public static class FieldCiphertext
{
    /// <summary>The format version byte.</summary>
    public const byte Version = 1;

    /// <summary>The prefix of the text form.</summary>
    public const string TextPrefix = "hp1.";

    /// <summary>Bytes added to a plaintext: version, key id, nonce and tag.</summary>
    public const int Overhead = HeaderSize + NonceSize + TagSize;

    internal const int HeaderSize = 5;
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    internal const int NonceOffset = HeaderSize;
    internal const int PayloadOffset = HeaderSize + NonceSize;

    /// <summary>Gets the length of the binary ciphertext of a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative length, or one too large for a ciphertext.</exception>
    public static int GetCiphertextLength(int plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(plaintextLength, int.MaxValue - Overhead);
        return plaintextLength + Overhead;
    }

    /// <summary>
    /// Gets the length of the plaintext inside a binary ciphertext of <paramref name="ciphertextLength"/> bytes,
    /// or -1 when no ciphertext has that length.
    /// </summary>
    public static int GetPlaintextLength(int ciphertextLength) =>
        ciphertextLength < Overhead ? -1 : ciphertextLength - Overhead;

    /// <summary>Gets the length of the text form (<c>hp1.</c> + base64url) of a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    public static int GetTextLength(int plaintextLength) =>
        TextPrefix.Length + System.Buffers.Text.Base64Url.GetEncodedLength(GetCiphertextLength(plaintextLength));

    /// <summary>
    /// Gets whether <paramref name="value"/> has the <c>hp1.</c> prefix of the text form. Cheap; it does not
    /// check that the rest decodes or decrypts.
    /// </summary>
    public static bool IsEncrypted(ReadOnlySpan<char> value) => value.StartsWith(TextPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Gets whether a binary value has the shape of a v1 ciphertext: the version byte first and at least
    /// <see cref="Overhead"/> bytes. Shape only: whether it decrypts is for the decryptor to say.
    /// </summary>
    public static bool IsEncrypted(ReadOnlySpan<byte> value) => value.Length >= Overhead && value[0] == Version;

    /// <summary>Reads the key id from a binary ciphertext's header.</summary>
    /// <returns><see langword="false"/> when the input is too short or has another version.</returns>
    public static bool TryGetKeyId(ReadOnlySpan<byte> ciphertext, out uint keyId)
    {
        if (ciphertext.Length < Overhead || ciphertext[0] != Version)
        {
            keyId = 0;
            return false;
        }

        keyId = BinaryPrimitives.ReadUInt32BigEndian(ciphertext[1..]);
        return true;
    }

    /// <summary>Reads the key id from the header of a text-form ciphertext.</summary>
    /// <returns><see langword="false"/> when the input is not <c>hp1.</c> text or has another version.</returns>
    public static bool TryGetKeyId(ReadOnlySpan<char> ciphertext, out uint keyId)
    {
        keyId = 0;
        if (!IsEncrypted(ciphertext) || ciphertext.Length < TextPrefix.Length + 8)
        {
            return false;
        }

        // The first 8 base64url characters hold the first 6 bytes: version, key id and one nonce byte.
        Span<byte> header = stackalloc byte[6];
        if (!Base64UrlStrict.TryDecode(ciphertext.Slice(TextPrefix.Length, 8), header, out var written)
            || written != header.Length
            || header[0] != Version)
        {
            return false;
        }

        keyId = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        return true;
    }
}
