using System.Security.Cryptography;

namespace HrPlus.Privacy.Encryption;

/// <summary>The platform's <see cref="AesGcm"/> (OpenSSL, CNG), one instance per thread per key.</summary>
internal sealed class PlatformAesGcmEngine : AesGcmEngine
{
    public static readonly PlatformAesGcmEngine Instance = new();

    private const int TagSize = 16;

    public override string Name => "platform";

    public override AesGcmEngineKey CreateKey(ReadOnlySpan<byte> key) => new PlatformKey(key);

    /// <summary>
    /// AesGcm instances are not thread-safe; one per thread keeps the hot path lock- and allocation-free. They are made from
    /// the key bytes only under the gate and only while the key is alive, so none is ever made from zeroed bytes.
    /// </summary>
    private sealed class PlatformKey : AesGcmEngineKey
    {
        private readonly byte[] _key;
        private readonly Lock _gate = new();
        private readonly List<AesGcm> _created = [];
        private readonly ThreadLocal<AesGcm?> _ciphers;
        private volatile bool _disposed;

        public PlatformKey(ReadOnlySpan<byte> key)
        {
            _key = GC.AllocateArray<byte>(key.Length, pinned: true);
            key.CopyTo(_key);
            _ciphers = new ThreadLocal<AesGcm?>(Create);
        }

        public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertextAndTag, ReadOnlySpan<byte> associatedData) =>
            Cipher().Encrypt(nonce, plaintext, ciphertextAndTag[..plaintext.Length], ciphertextAndTag.Slice(plaintext.Length, TagSize), associatedData);

        public override bool Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
        {
            var length = ciphertextAndTag.Length - TagSize;
            try
            {
                Cipher().Decrypt(nonce, ciphertextAndTag[..length], ciphertextAndTag[length..], plaintext[..length], associatedData);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
        }

        public override void Dispose()
        {
            AesGcm[] created;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                created = [.. _created];
                _created.Clear();
            }

            foreach (var cipher in created)
            {
                cipher.Dispose();
            }

            CryptographicOperations.ZeroMemory(_key);
            _ciphers.Dispose();
        }

        private AesGcm Cipher()
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _ciphers.Value ?? throw new ObjectDisposedException(nameof(PlatformKey));
        }

        private AesGcm? Create()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return null;
                }

                var cipher = new AesGcm(_key, TagSize);
                _created.Add(cipher);
                return cipher;
            }
        }
    }
}
