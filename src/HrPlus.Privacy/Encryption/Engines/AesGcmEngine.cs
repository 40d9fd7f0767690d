namespace HrPlus.Privacy.Encryption;

/// <summary>An AES-256-GCM implementation with 96-bit nonces and 128-bit tags.</summary>
/// <remarks>
/// Engines differ only in speed and certification: for the same key, nonce, plaintext and associated data every engine
/// writes the same bytes, so a value encrypted by one decrypts under the other (checked by the Wycheproof vectors and a
/// differential property in the tests).
/// </remarks>
internal abstract class AesGcmEngine
{
    /// <summary>The key size in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>Gets the engine's name as logged and used in metrics: <c>platform</c> or <c>libsodium</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Gets the engine that <see cref="FieldEncryptionEngine.Auto"/> picks on this machine.</summary>
    public static AesGcmEngine Default { get; } = LibsodiumAesGcmEngine.IsSupported ? LibsodiumAesGcmEngine.Instance : PlatformAesGcmEngine.Instance;

    /// <summary>Resolves an option value to an engine.</summary>
    /// <exception cref="PlatformNotSupportedException">libsodium is asked for where its AES-256-GCM is not supported.</exception>
    public static AesGcmEngine For(FieldEncryptionEngine engine) => engine switch
    {
        FieldEncryptionEngine.Auto => Default,
        FieldEncryptionEngine.Platform => PlatformAesGcmEngine.Instance,
        FieldEncryptionEngine.Libsodium when LibsodiumAesGcmEngine.IsSupported => LibsodiumAesGcmEngine.Instance,
        FieldEncryptionEngine.Libsodium => throw new PlatformNotSupportedException(
            "libsodium's AES-256-GCM is not supported on this CPU or platform (it needs AES-NI and CLMUL on x64, or the ARMv8 crypto extensions). " +
            "Use FieldEncryptionEngine.Auto or Platform."),
        _ => throw new ArgumentOutOfRangeException(nameof(engine)),
    };

    /// <summary>Makes the engine's key object from 32 key bytes (copied; the caller zeroes its own).</summary>
    public abstract AesGcmEngineKey CreateKey(ReadOnlySpan<byte> key);
}

/// <summary>
/// An engine's key object. Thread-safe. After <see cref="IDisposable.Dispose"/> every call throws
/// <see cref="ObjectDisposedException"/>; a call in flight when it is disposed finishes with the real key.
/// </summary>
internal abstract class AesGcmEngineKey : IDisposable
{
    /// <summary>Encrypts into <paramref name="ciphertextAndTag"/>: the ciphertext followed by the 16-byte tag.</summary>
    public abstract void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertextAndTag, ReadOnlySpan<byte> associatedData);

    /// <summary>Decrypts the ciphertext followed by its tag; false when the tag does not verify (nothing is written then).</summary>
    public abstract bool Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData);

    public abstract void Dispose();
}
