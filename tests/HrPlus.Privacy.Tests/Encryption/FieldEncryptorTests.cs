using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

public sealed class FieldEncryptorTests : IDisposable
{
    private static readonly FieldContext StudentIin = FieldContext.For("Student", "Iin");
    private readonly TestKeyRing _ring = new();

    public void Dispose() => _ring.Dispose();

    [Property(MaxTest = 300)]
    public void EncryptDecrypt_AnyString_RoundTrips(NonNull<string> value)
    {
        // Lone surrogates cannot be encoded as UTF-8; the encryptor rejects them instead of losing data.
        if (!IsWellFormedUtf16(value.Get))
        {
            Assert.Throws<EncoderFallbackException>(() => _ring.Encryptor.Encrypt(value.Get, StudentIin));
            return;
        }

        if (FieldCiphertext.IsEncrypted(value.Get))
        {
            return;
        }

        var ciphertext = _ring.Encryptor.Encrypt(value.Get, StudentIin);

        Assert.StartsWith("hp1.", ciphertext, StringComparison.Ordinal);
        Assert.Equal(value.Get, _ring.Encryptor.Decrypt(ciphertext, StudentIin));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Әлихан Бекұлы Нұрланұлы")]
    [InlineData("Алина Сергеевна Иванова")]
    [InlineData("ҚАЗАҚСТАН ӘӨҮҰҚҒҢҺІ әөүұқғңһі 🎓")]
    public void EncryptDecrypt_KazakhRussianAndEmpty_RoundTrips(string value)
    {
        var ciphertext = _ring.Encryptor.Encrypt(value, StudentIin);

        Assert.Equal(FieldCiphertext.GetTextLength(Encoding.UTF8.GetByteCount(value)), ciphertext.Length);
        Assert.Equal(value, _ring.Encryptor.Decrypt(ciphertext, StudentIin));
    }

    [Fact]
    public void EncryptDecrypt_FourKilobytes_RoundTrips()
    {
        var value = string.Concat(Enumerable.Repeat("Оқушы туралы ескертпе. ", 200))[..4096];

        var ciphertext = _ring.Encryptor.Encrypt(value, StudentIin);

        Assert.Equal(value, _ring.Encryptor.Decrypt(ciphertext, StudentIin));
    }

    [Fact]
    public void Encrypt_SameValueTwice_GivesDifferentCiphertexts()
    {
        var first = _ring.Encryptor.Encrypt("050315500123", StudentIin);
        var second = _ring.Encryptor.Encrypt("050315500123", StudentIin);

        Assert.NotEqual(first, second);
        Assert.Equal(first.Length, second.Length);
    }

    [Fact]
    public void Encrypt_ValueAlreadyEncrypted_Throws()
    {
        var ciphertext = _ring.Encryptor.Encrypt("050315500123", StudentIin);

        var ex = Assert.Throws<ArgumentException>(() => _ring.Encryptor.Encrypt(ciphertext, StudentIin));
        Assert.Equal("plaintext", ex.ParamName);
    }

    [Fact]
    public void Decrypt_EveryBitFlipOfBinaryCiphertext_IsRejectedWithReason()
    {
        var plaintext = "050315500123"u8;
        var ciphertext = new byte[FieldCiphertext.GetCiphertextLength(plaintext.Length)];
        _ring.Encryptor.Encrypt(plaintext, ciphertext, StudentIin);
        var destination = new byte[plaintext.Length];
        var reasons = new Dictionary<FieldDecryptionFailureReason, int>();

        for (var bit = 0; bit < ciphertext.Length * 8; bit++)
        {
            var flipped = (byte[])ciphertext.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            var ex = Assert.Throws<FieldDecryptionException>(() => _ring.Encryptor.Decrypt(flipped, destination, StudentIin));
            reasons[ex.Reason] = reasons.GetValueOrDefault(ex.Reason) + 1;
            Assert.All(destination, b => Assert.Equal(0, b));
        }

        // Byte 0 is the version (8 flips), bytes 1-4 the key id (32 flips: unknown keys), the rest fail the tag.
        Assert.Equal(8, reasons[FieldDecryptionFailureReason.UnsupportedVersion]);
        Assert.Equal(32, reasons[FieldDecryptionFailureReason.UnknownKey]);
        Assert.Equal((ciphertext.Length - 5) * 8, reasons[FieldDecryptionFailureReason.Tampered]);
    }

    [Fact]
    public void Decrypt_EveryBitFlipOfTextCiphertext_IsRejected()
    {
        var ciphertext = _ring.Encryptor.Encrypt("050315500123", StudentIin);

        for (var i = 0; i < ciphertext.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var chars = ciphertext.ToCharArray();
                chars[i] = (char)(chars[i] ^ (1 << bit));
                var flipped = new string(chars);
                Assert.Throws<FieldDecryptionException>(() => _ring.Encryptor.Decrypt(flipped, StudentIin));
            }
        }
    }

    [Fact]
    public void Decrypt_EveryTruncation_IsRejected()
    {
        var plaintext = "050315500123"u8;
        var ciphertext = new byte[FieldCiphertext.GetCiphertextLength(plaintext.Length)];
        _ring.Encryptor.Encrypt(plaintext, ciphertext, StudentIin);
        var text = _ring.Encryptor.Encrypt("050315500123", StudentIin);

        for (var length = 0; length < ciphertext.Length; length++)
        {
            var ex = Assert.Throws<FieldDecryptionException>(() => _ring.Encryptor.Decrypt(ciphertext.AsSpan(0, length), new byte[64], StudentIin));
            Assert.Equal(length < FieldCiphertext.Overhead ? FieldDecryptionFailureReason.Malformed : FieldDecryptionFailureReason.Tampered, ex.Reason);
        }

        for (var length = 0; length < text.Length; length++)
        {
            Assert.Throws<FieldDecryptionException>(() => _ring.Encryptor.Decrypt(text[..length], StudentIin));
        }
    }

    [Theory]
    [InlineData("", FieldDecryptionFailureReason.Malformed)]
    [InlineData("050315500123", FieldDecryptionFailureReason.Malformed)]
    [InlineData("hp1.", FieldDecryptionFailureReason.Malformed)]
    [InlineData("hp1.====", FieldDecryptionFailureReason.Malformed)]
    [InlineData("hp1.AQoLDA0AAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJ=", FieldDecryptionFailureReason.Malformed)]
    [InlineData("hp1.AQoLDA0AAAAAAAAAAAAAAADbmxHm E5onfBO6OkDPvBjJ", FieldDecryptionFailureReason.Malformed)]
    [InlineData("hp1.AQoLDA0AAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJ\n", FieldDecryptionFailureReason.Malformed)]
    [InlineData("hp1.AgoLDA0AAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJ", FieldDecryptionFailureReason.UnsupportedVersion)]
    [InlineData("hp1.AQoLDA0AAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJ", FieldDecryptionFailureReason.UnknownKey)]
    [InlineData("HP1.AQoLDA0AAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJ", FieldDecryptionFailureReason.Malformed)]
    [InlineData("hp1.AQoLDA0AAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJAB", FieldDecryptionFailureReason.Malformed)]
    [InlineData("hp1.AQoLDA0AAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJA", FieldDecryptionFailureReason.Malformed)]
    [InlineData("hp1.AQoLDA0AAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJAQ", FieldDecryptionFailureReason.UnknownKey)]
    [InlineData("hp1.AQoLDA0AAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJ+/", FieldDecryptionFailureReason.Malformed)]
    public void Decrypt_HostileText_FailsWithReason(string input, FieldDecryptionFailureReason reason)
    {
        var ex = Assert.Throws<FieldDecryptionException>(() => _ring.Encryptor.Decrypt(input, StudentIin));

        Assert.Equal(reason, ex.Reason);
        if (input.Length > 4)
        {
            Assert.DoesNotContain(input[4..], ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Decrypt_HugeGarbage_FailsAsMalformed()
    {
        var input = "hp1." + new string('!', 100_000);

        var ex = Assert.Throws<FieldDecryptionException>(() => _ring.Encryptor.Decrypt(input, StudentIin));

        Assert.Equal(FieldDecryptionFailureReason.Malformed, ex.Reason);
    }

    [Fact]
    public void Decrypt_BinaryPlaintextThroughStringApi_IsMalformed()
    {
        var binary = new byte[] { 0xff, 0xfe, 0x00, 0xc3 };
        var ciphertext = new byte[FieldCiphertext.GetCiphertextLength(binary.Length)];
        _ring.Encryptor.Encrypt(binary, ciphertext, StudentIin);
        var text = "hp1." + System.Buffers.Text.Base64Url.EncodeToString(ciphertext);

        var ex = Assert.Throws<FieldDecryptionException>(() => _ring.Encryptor.Decrypt(text, StudentIin));

        Assert.Equal(FieldDecryptionFailureReason.Malformed, ex.Reason);
    }

    [Fact]
    public void Decrypt_CopiedToAnotherFieldOrRow_IsTampered()
    {
        var row1 = StudentIin.WithRow(1);
        var ciphertext = _ring.Encryptor.Encrypt("050315500123", row1);

        Assert.Equal("050315500123", _ring.Encryptor.Decrypt(ciphertext, StudentIin.WithRow(1)));
        Assert.Equal(FieldDecryptionFailureReason.Tampered, Assert.Throws<FieldDecryptionException>(() => _ring.Encryptor.Decrypt(ciphertext, StudentIin.WithRow(2))).Reason);
        Assert.Equal(FieldDecryptionFailureReason.Tampered, Assert.Throws<FieldDecryptionException>(() => _ring.Encryptor.Decrypt(ciphertext, StudentIin)).Reason);
        Assert.Equal(FieldDecryptionFailureReason.Tampered, Assert.Throws<FieldDecryptionException>(() => _ring.Encryptor.Decrypt(ciphertext, FieldContext.For("Student", "Phone").WithRow(1))).Reason);
        Assert.Equal(FieldDecryptionFailureReason.Tampered, Assert.Throws<FieldDecryptionException>(() => _ring.Encryptor.Decrypt(ciphertext, FieldContext.For("Teacher", "Iin").WithRow(1))).Reason);
    }

    [Fact]
    public void Decrypt_AmbiguousNameSplits_DoNotCollide()
    {
        // Length prefixes keep ("AB", "C") and ("A", "BC") apart.
        var ciphertext = _ring.Encryptor.Encrypt("x", FieldContext.For("AB", "C"));

        var ex = Assert.Throws<FieldDecryptionException>(() => _ring.Encryptor.Decrypt(ciphertext, FieldContext.For("A", "BC")));
        Assert.Equal(FieldDecryptionFailureReason.Tampered, ex.Reason);
    }

    [Fact]
    public void SpanApi_DestinationTooSmall_ThrowsArgumentException()
    {
        var ciphertext = new byte[FieldCiphertext.GetCiphertextLength(12)];

        Assert.Throws<ArgumentException>(() => _ring.Encryptor.Encrypt(new byte[12], new byte[ciphertext.Length - 1], StudentIin));
        _ring.Encryptor.Encrypt(new byte[12], ciphertext, StudentIin);
        Assert.Throws<ArgumentException>(() => _ring.Encryptor.Decrypt(ciphertext, new byte[11], StudentIin));
        Assert.Equal(12, _ring.Encryptor.Decrypt(ciphertext, new byte[12], StudentIin));
    }

    [Fact]
    public void SpanApi_AfterWarmUp_AllocatesNothing()
    {
        var plaintext = "050315500123"u8.ToArray();
        var ciphertext = new byte[FieldCiphertext.GetCiphertextLength(plaintext.Length)];
        var decrypted = new byte[plaintext.Length];
        for (var i = 0; i < 1000; i++)
        {
            _ring.Encryptor.Encrypt(plaintext, ciphertext, StudentIin);
            _ring.Encryptor.Decrypt(ciphertext, decrypted, StudentIin);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _ring.Encryptor.Encrypt(plaintext, ciphertext, StudentIin);
            _ring.Encryptor.Decrypt(ciphertext, decrypted, StudentIin);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(plaintext, decrypted);
    }

    [Fact]
    public void Decrypt_FailureMessage_NeverContainsPlaintext()
    {
        var ciphertext = _ring.Encryptor.Encrypt("050315500123", StudentIin.WithRow("subject-7"));

        var ex = Assert.Throws<FieldDecryptionException>(() => _ring.Encryptor.Decrypt(ciphertext, StudentIin));

        Assert.DoesNotContain("050315500123", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("subject-7", ex.ToString(), StringComparison.Ordinal);
    }

    private static bool IsWellFormedUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
