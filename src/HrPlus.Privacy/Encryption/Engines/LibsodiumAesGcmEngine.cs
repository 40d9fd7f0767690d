using NSec.Cryptography;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// libsodium's AES-256-GCM through NSec.Cryptography: one key object per key, safe to share between threads, with the
/// key schedule computed once instead of on every call (which is where the platform call spends most of its time).
/// </summary>
internal sealed class LibsodiumAesGcmEngine : AesGcmEngine
{
    public static readonly LibsodiumAesGcmEngine Instance = new();

    private static readonly Aes256Gcm Algorithm = AeadAlgorithm.Aes256Gcm;

    /// <summary>Gets whether libsodium's AES-256-GCM runs on this CPU and platform.</summary>
    public static bool IsSupported
    {
        get
        {
            try
            {
                return Aes256Gcm.IsSupported;
            }
            catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
            {
                return false; // no native libsodium for this platform
            }
        }
    }

    public override string Name => "libsodium";

    public override AesGcmEngineKey CreateKey(ReadOnlySpan<byte> key) => new LibsodiumKey(key);

    private sealed class LibsodiumKey(ReadOnlySpan<byte> key) : AesGcmEngineKey
    {
        // NSec keeps the key in libsodium's guarded memory and zeroes it on disposal.
        private readonly Key _key = Key.Import(Algorithm, key, KeyBlobFormat.RawSymmetricKey);

        public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertextAndTag, ReadOnlySpan<byte> associatedData) =>
            Algorithm.Encrypt(_key, nonce, associatedData, plaintext, ciphertextAndTag[..(plaintext.Length + Algorithm.TagSize)]);

        public override bool Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
        {
            var output = plaintext[..(ciphertextAndTag.Length - Algorithm.TagSize)];
            if (Algorithm.Decrypt(_key, nonce, associatedData, ciphertextAndTag, output))
            {
                return true;
            }

            // libsodium may leave unauthenticated bytes behind on failure: never hand them on.
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(output);
            return false;
        }

        public override void Dispose() => _key.Dispose();
    }
}
