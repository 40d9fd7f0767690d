using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// libsodium's AES-256-GCM for subjects' keys: the same function <see cref="LibsodiumAesGcmEngine"/> calls through NSec,
/// with the key held in pinned managed memory (zeroed on disposal) instead of a guarded allocation of its own.
/// </summary>
/// <remarks>
/// NSec keeps each key in libsodium's guarded memory, pages mapped with guard pages around them: right for the few
/// shared keys, but tens of thousands of subjects' keys would exhaust the process's memory mappings
/// (<c>vm.max_map_count</c>), which is why subjects' keys used the platform engine, several times slower per value
/// (a pupil list bound by subject took 5.3–5.6× its plain load). Here a key costs 32 pinned bytes. Its bytes are as
/// protected as the platform engine's copy of them (also pinned managed memory); what is given up against NSec is the
/// guard pages and <c>mlock</c>, for subjects' keys only. A disposal waits for calls in flight (a count, as a
/// <see cref="SafeHandle"/> keeps) before the bytes are zeroed, so a key destroyed during a call never decrypts with
/// erased bytes. Both engines write the same bytes.
/// </remarks>
internal sealed unsafe class SubjectKeyAesGcmEngine : AesGcmEngine
{
    public static readonly SubjectKeyAesGcmEngine Instance = new();

    private const int TagSize = 16;
    private const int NonceSize = 12;
    private const string Libsodium = "libsodium";

    public override string Name => "libsodium";

    public override AesGcmEngineKey CreateKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"An AES-256 key is {KeySize} bytes.", nameof(key));
        }

        return new RawKey(key);
    }

    [DllImport(Libsodium, CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories | DllImportSearchPath.AssemblyDirectory)]
    private static extern int crypto_aead_aes256gcm_encrypt(
        byte* c, ulong* clen, byte* m, ulong mlen, byte* ad, ulong adlen, byte* nsec, byte* npub, byte* k);

    [DllImport(Libsodium, CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories | DllImportSearchPath.AssemblyDirectory)]
    private static extern int crypto_aead_aes256gcm_decrypt(
        byte* m, ulong* mlen, byte* nsec, byte* c, ulong clen, byte* ad, ulong adlen, byte* npub, byte* k);

    private sealed class RawKey : AesGcmEngineKey
    {
        private const int Disposed = 1 << 30;
        private readonly byte[] _key = GC.AllocateArray<byte>(KeySize, pinned: true);

        // Calls in flight, plus Disposed once disposal began.
        private int _state;

        public RawKey(ReadOnlySpan<byte> key) => key.CopyTo(_key);

        public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertextAndTag, ReadOnlySpan<byte> associatedData)
        {
            if (nonce.Length != NonceSize || ciphertextAndTag.Length < plaintext.Length + TagSize || plaintext.Overlaps(ciphertextAndTag))
            {
                throw new ArgumentException("The nonce must be 12 bytes and the output hold the ciphertext and tag without overlapping the plaintext.");
            }

            // An empty span pins to a null pointer; libsodium is given a valid one (and a length of 0) instead.
            Span<byte> none = stackalloc byte[1];
            Enter();
            try
            {
                fixed (byte* c = ciphertextAndTag, m0 = plaintext, ad0 = associatedData, npub = nonce, k = _key, empty = none)
                {
                    var m = m0 is null ? empty : m0;
                    var ad = ad0 is null ? empty : ad0;
                    ulong written;
                    if (crypto_aead_aes256gcm_encrypt(c, &written, m, (ulong)plaintext.Length, ad, (ulong)associatedData.Length, null, npub, k) != 0
                        || written != (ulong)(plaintext.Length + TagSize))
                    {
                        throw new CryptographicException("libsodium failed to encrypt.");
                    }
                }
            }
            finally
            {
                Exit();
            }
        }

        public override bool Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
        {
            var length = ciphertextAndTag.Length - TagSize;
            if (nonce.Length != NonceSize || length < 0 || plaintext.Length < length || plaintext.Overlaps(ciphertextAndTag))
            {
                throw new ArgumentException("The nonce must be 12 bytes and the output hold the plaintext without overlapping the ciphertext.");
            }

            var output = plaintext[..length];
            Span<byte> none = stackalloc byte[1];
            Enter();
            try
            {
                fixed (byte* m0 = output, c = ciphertextAndTag, ad0 = associatedData, npub = nonce, k = _key, empty = none)
                {
                    var m = m0 is null ? empty : m0;
                    var ad = ad0 is null ? empty : ad0;
                    ulong written;
                    if (crypto_aead_aes256gcm_decrypt(m, &written, null, c, (ulong)ciphertextAndTag.Length, ad, (ulong)associatedData.Length, npub, k) == 0)
                    {
                        return true;
                    }
                }
            }
            finally
            {
                Exit();
            }

            // libsodium may leave unauthenticated bytes behind on failure: never hand them on.
            CryptographicOperations.ZeroMemory(output);
            return false;
        }

        public override void Dispose()
        {
            var before = Interlocked.Or(ref _state, Disposed);
            if ((before & Disposed) == 0 && before == 0)
            {
                CryptographicOperations.ZeroMemory(_key); // no call in flight: zero now; otherwise the last one does
            }
        }

        private void Enter()
        {
            while (true)
            {
                var state = Volatile.Read(ref _state);
                ObjectDisposedException.ThrowIf((state & Disposed) != 0, this);
                if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
                {
                    return;
                }
            }
        }

        private void Exit()
        {
            if (Interlocked.Decrement(ref _state) == Disposed)
            {
                CryptographicOperations.ZeroMemory(_key); // disposed during the call, and this was the last one
            }
        }
    }
}
