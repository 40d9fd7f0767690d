namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Encrypts and decrypts personal-data fields with AES-256-GCM under rotating envelope keys, in the stable
/// format described by <see cref="FieldCiphertext"/>.
/// </summary>
/// <remarks>
/// <para>The span methods allocate nothing; the string methods allocate only the result. Every method is
/// thread-safe. Encryption does no I/O except when the key ring must load or roll over a key.</para>
/// <para>Every failure to decrypt is a <see cref="FieldDecryptionException"/> with a reason; decryption
/// never returns garbage and never throws another exception type for bad input.</para>
/// </remarks>
public interface IFieldEncryptor
{
    /// <summary>Encrypts a text value into the <c>hp1.</c> text form.</summary>
    /// <param name="plaintext">The value. Empty is allowed.</param>
    /// <param name="context">The field (and optionally row) the value belongs to.</param>
    /// <returns>The <c>hp1.</c> text; two calls with one value give different texts.</returns>
    /// <exception cref="ArgumentException"><paramref name="plaintext"/> is already in <c>hp1.</c> form: values are never encrypted twice.</exception>
    /// <exception cref="InvalidOperationException">The key store granted no encryptions under a current shared key and no new key (see the message); the store's own errors propagate as they are.</exception>
    /// <exception cref="FieldDecryptionException">No key can encrypt the value: with per-subject keys, the subject's key was destroyed (<see cref="FieldDecryptionFailureReason.KeyDestroyed"/>: the subject was erased) or cannot be unwrapped on this instance (<see cref="FieldDecryptionFailureReason.KeyUnavailable"/>); or the current shared key was destroyed during the call (<see cref="FieldDecryptionFailureReason.KeyDestroyed"/>).</exception>
    string Encrypt(string plaintext, FieldContext context);

    /// <summary>Decrypts a value in <c>hp1.</c> text form.</summary>
    /// <exception cref="FieldDecryptionException">The value cannot be decrypted; see the reason.</exception>
    string Decrypt(string ciphertext, FieldContext context);

    /// <summary>Encrypts bytes into the binary form.</summary>
    /// <param name="plaintext">The value.</param>
    /// <param name="destination">At least <see cref="FieldCiphertext.GetCiphertextLength"/> bytes.</param>
    /// <param name="context">The field (and optionally row) the value belongs to.</param>
    /// <returns>The number of bytes written: the plaintext length plus <see cref="FieldCiphertext.Overhead"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small or overlaps <paramref name="plaintext"/>.</exception>
    /// <exception cref="InvalidOperationException">The key store granted no encryptions under a current shared key and no new key (see the message); the store's own errors propagate as they are.</exception>
    /// <exception cref="FieldDecryptionException">No key can encrypt the value: with per-subject keys, the subject's key was destroyed (<see cref="FieldDecryptionFailureReason.KeyDestroyed"/>: the subject was erased) or cannot be unwrapped on this instance (<see cref="FieldDecryptionFailureReason.KeyUnavailable"/>); or the current shared key was destroyed during the call (<see cref="FieldDecryptionFailureReason.KeyDestroyed"/>).</exception>
    int Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination, FieldContext context);

    /// <summary>Decrypts a binary ciphertext.</summary>
    /// <param name="ciphertext">The binary form.</param>
    /// <param name="destination">At least <see cref="FieldCiphertext.GetPlaintextLength"/> bytes.</param>
    /// <param name="context">The context the value was encrypted with.</param>
    /// <returns>The number of plaintext bytes written.</returns>
    /// <exception cref="FieldDecryptionException">The value cannot be decrypted; see the reason.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small for a well-formed ciphertext.</exception>
    int Decrypt(ReadOnlySpan<byte> ciphertext, Span<byte> destination, FieldContext context);

    /// <summary>
    /// Moves a text-form value to the current key: decrypts and encrypts again when it was made under an older
    /// key, and returns the same instance when it is already under the current key.
    /// </summary>
    /// <exception cref="FieldDecryptionException">The value cannot be decrypted; see the reason.</exception>
    string Reencrypt(string ciphertext, FieldContext context);

    /// <summary>Gets whether a text-form value was made under the current encryption key, or under a subject's own key (which never rotates).</summary>
    /// <returns><see langword="false"/> for an older key and for anything that is not <c>hp1.</c> text.</returns>
    bool IsUnderCurrentKey(ReadOnlySpan<char> ciphertext);

    /// <summary>Gets whether a binary-form value was made under the current encryption key, or under a subject's own key (which never rotates).</summary>
    /// <returns><see langword="false"/> for an older key and for anything that is not a v1 binary ciphertext.</returns>
    bool IsUnderCurrentKey(ReadOnlySpan<byte> ciphertext);
}
