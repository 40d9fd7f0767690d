using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>Format v1 read by hand, to check ciphertexts against known key bytes (trial decryption).</summary>
internal static class FieldCiphertextTestHelpers
{
    public static byte[] Decode(string text)
    {
        Assert.StartsWith("hp1.", text, StringComparison.Ordinal);
        return Base64Url.DecodeFromChars(text.AsSpan(4));
    }

    /// <summary>Decrypts a v1 ciphertext with the given key bytes and the context's associated data; false when the tag fails.</summary>
    public static bool TryDecryptWith(ReadOnlySpan<byte> key, byte[] ciphertext, FieldContext context, out string plaintext)
    {
        plaintext = string.Empty;
        var tail = context.AssociatedDataTail;
        var ad = new byte[FieldCiphertext.HeaderSize + tail.Length];
        ciphertext.AsSpan(0, FieldCiphertext.HeaderSize).CopyTo(ad);
        tail.CopyTo(ad.AsSpan(FieldCiphertext.HeaderSize));
        var plain = new byte[ciphertext.Length - FieldCiphertext.Overhead];
        using var aes = new AesGcm(key, FieldCiphertext.TagSize);
        try
        {
            aes.Decrypt(
                ciphertext.AsSpan(FieldCiphertext.NonceOffset, FieldCiphertext.NonceSize),
                ciphertext.AsSpan(FieldCiphertext.PayloadOffset, plain.Length),
                ciphertext.AsSpan(ciphertext.Length - FieldCiphertext.TagSize),
                plain,
                ad);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = Encoding.UTF8.GetString(plain);
        return true;
    }

    public static uint KeyId(byte[] ciphertext) => BinaryPrimitives.ReadUInt32BigEndian(ciphertext.AsSpan(1));
}
