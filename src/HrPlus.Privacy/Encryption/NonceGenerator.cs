using System.Security.Cryptography;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Random 96-bit nonces from a per-thread buffer refilled by the OS CSPRNG, so the hot path makes one RNG call
/// per <see cref="BufferSize"/> bytes instead of one per field (the call costs more than encrypting a short
/// field on Linux).
/// </summary>
/// <remarks>
/// The buffer holds nonces not used yet; nonces are public once written, so they are not secrets, but each
/// byte is handed out once only and the buffer is per thread, so no two encryptions share a nonce drawn here.
/// </remarks>
internal static class NonceGenerator
{
    internal const int BufferSize = 4096 - (4096 % FieldCiphertext.NonceSize);

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_offset;

    public static void Fill(Span<byte> nonce)
    {
        var buffer = t_buffer;
        var offset = t_offset;
        if (buffer is null || offset + nonce.Length > buffer.Length)
        {
            buffer = t_buffer ??= new byte[BufferSize];
            RandomNumberGenerator.Fill(buffer);
            offset = 0;
        }

        var source = buffer.AsSpan(offset, nonce.Length);
        source.CopyTo(nonce);
        source.Clear();
        t_offset = offset + nonce.Length;
    }
}
