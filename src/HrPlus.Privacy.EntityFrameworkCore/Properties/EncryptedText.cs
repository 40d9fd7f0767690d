using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// Encrypts whatever text an entity holds into the <c>hp1.</c> text form, including text that itself starts with
/// <c>hp1.</c>: the string API refuses such values (it cannot tell them from ciphertext), but an entity's property
/// always holds plaintext, so here they are encrypted like any other value.
/// </summary>
/// <remarks>
/// The text form is <c>hp1.</c> + base64url of the binary form of the UTF-8 bytes (<see cref="FieldCiphertext"/>),
/// so <see cref="IFieldEncryptor.Decrypt(string, FieldContext)"/> reads it back.
/// </remarks>
internal static class EncryptedText
{
    private const int MaxStackBytes = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encrypt(IFieldEncryptor encryptor, string plaintext, FieldContext context)
    {
        var plainLength = StrictUtf8.GetByteCount(plaintext);
        var cipherLength = FieldCiphertext.GetCiphertextLength(plainLength);
        byte[]? rented = null;
        var buffer = plainLength + cipherLength <= MaxStackBytes
            ? stackalloc byte[MaxStackBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(plainLength + cipherLength));
        var plain = buffer[..plainLength];
        try
        {
            StrictUtf8.GetBytes(plaintext, plain);
            var cipher = buffer.Slice(plainLength, cipherLength);
            encryptor.Encrypt(plain, cipher, context);
            return FieldCiphertext.TextPrefix + Base64Url.EncodeToString(cipher);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
