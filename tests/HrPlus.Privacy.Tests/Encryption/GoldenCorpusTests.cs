using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>
/// Format v1 is frozen: these ciphertexts were made once, by an independent implementation of the format
/// (Python's <c>cryptography</c> AESGCM, written from the spec in <see cref="FieldCiphertext"/>), under the fixed
/// test key below with fixed nonces. Every later version of the SDK must decrypt them.
/// </summary>
public sealed class GoldenCorpusTests
{
    private const uint KeyId = 0x0A0B0C0D;

    // Key bytes 0x00, 0x01, ..., 0x1f.
    private static readonly byte[] KeyMaterial = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    public static TheoryData<string, string, string, string?, string> Corpus => new()
    {
        { "", "Student", "Note", null, "hp1.AQoLDA0AAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJ" },
        { "050315500123", "Student", "Iin", null, "hp1.AQoLDA0BAQEBAQEBAQEBAQFH9tUGWbBdVuRlVStQNT2XytMlugUdxse5IPKx" },
        { "Әлихан Бекұлы", "Student", "FullName", null, "hp1.AQoLDA0CAgICAgICAgICAgJIsMkAaWHg3hs1ckUTqUvDqTkVviWEwyDJN76Qo_wev942FcABoa3tDg" },
        { "Алина Сергеевна Иванова", "Parent", "FullName", "42", "hp1.AQoLDA0DAwMDAwMDAwMDAwM-2-xt2yqCqw7tJq5seuHWmoZFIG8oiWEwbfvNtAJ5ykux7G51OqdbmBmUvlgqm8XT8DK36Ue6STXG7KM" },
        { "+77011234567", "Parent", "Phone", "7f1c9a2e-0000-4000-8000-000000000001", "hp1.AQoLDA0EBAQEBAQEBAQEBARPsPm4GGSjrv4wbVx3ifg9L4C31_UfFM8aBi2F" },
        { "aigerim@mail.kz", "Parent", "Email", null, "hp1.AQoLDA0FBQUFBQUFBQUFBQUtX78U0lT3qlLvYowneHzygWy_mh7cHUDDwT7VaWuW" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Decrypt_GoldenV1Ciphertext_ReturnsOriginalPlaintext(string plaintext, string entity, string field, string? row, string ciphertext)
    {
        using var ring = new TestKeyRing(store: TestKeyRing.StoreWithFixedKey(KeyId, KeyMaterial));
        var context = row is null ? FieldContext.For(entity, field) : FieldContext.For(entity, field).WithRow(row);

        Assert.Equal(plaintext, ring.Encryptor.Decrypt(ciphertext, context));
        Assert.True(FieldCiphertext.TryGetKeyId(ciphertext, out var keyId));
        Assert.Equal(KeyId, keyId);
    }

    [Theory]
    [InlineData(FieldEncryptionEngine.Platform)]
    [InlineData(FieldEncryptionEngine.Libsodium)]
    public void Decrypt_GoldenV1Corpus_UnderEachForcedEngine(FieldEncryptionEngine engine)
    {
        using var ring = new TestKeyRing(new FieldEncryptionOptions { Engine = engine }, TestKeyRing.StoreWithFixedKey(KeyId, KeyMaterial));
        foreach (var row in Corpus)
        {
            var (plaintext, entity, field, rowKey, ciphertext) = ((string)row[0], (string)row[1], (string)row[2], (string?)row[3], (string)row[4]);
            var context = rowKey is null ? FieldContext.For(entity, field) : FieldContext.For(entity, field).WithRow(rowKey);
            Assert.Equal(plaintext, ring.Encryptor.Decrypt(ciphertext, context));
        }
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Decrypt_GoldenV1CiphertextInAnotherField_IsTampered(string plaintext, string entity, string field, string? row, string ciphertext)
    {
        _ = plaintext;
        using var ring = new TestKeyRing(store: TestKeyRing.StoreWithFixedKey(KeyId, KeyMaterial));
        var other = FieldContext.For(entity, field + "Copy");
        var context = row is null ? other : other.WithRow(row);

        var ex = Assert.Throws<FieldDecryptionException>(() => ring.Encryptor.Decrypt(ciphertext, context));
        Assert.Equal(FieldDecryptionFailureReason.Tampered, ex.Reason);
    }

    [Fact]
    public void Encrypt_UnderFixedKey_HasTheV1HeaderAndLength()
    {
        using var ring = new TestKeyRing(store: TestKeyRing.StoreWithFixedKey(KeyId, KeyMaterial));
        var destination = new byte[12 + FieldCiphertext.Overhead];

        var written = ring.Encryptor.Encrypt("050315500123"u8, destination, FieldContext.For("Student", "Iin"));

        Assert.Equal(45, written);
        Assert.Equal(new byte[] { 0x01, 0x0A, 0x0B, 0x0C, 0x0D }, destination[..5]);
    }
}
