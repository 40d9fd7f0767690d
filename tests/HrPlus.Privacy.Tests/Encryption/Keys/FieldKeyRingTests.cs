using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

public sealed class FieldKeyRingTests
{
    private static readonly FieldContext StudentName = FieldContext.For("Student", "FullName");

    [Fact]
    public async Task Rotation_Matrix_OldKeysDecryptUntilDestroyed()
    {
        using var ring = new TestKeyRing();
        var key1 = ring.Ring.CurrentKey;
        var underKey1 = ring.Encryptor.Encrypt("Әлихан Бекұлы", StudentName);

        var key2 = await ring.Ring.RotateAsync();
        var underKey2 = ring.Encryptor.Encrypt("Алина Иванова", StudentName);

        Assert.NotEqual(key1.Id, key2.Id);
        Assert.Equal(key2.Id, ring.Ring.CurrentKey.Id);
        Assert.True(FieldCiphertext.TryGetKeyId(underKey1, out var id1));
        Assert.True(FieldCiphertext.TryGetKeyId(underKey2, out var id2));
        Assert.Equal(key1.Id, id1);
        Assert.Equal(key2.Id, id2);
        Assert.Equal(FieldKeyState.Retired, ring.Ring.GetKeys().Single(k => k.Id == key1.Id).State);
        Assert.Equal("Әлихан Бекұлы", ring.Encryptor.Decrypt(underKey1, StudentName));
        Assert.Equal("Алина Иванова", ring.Encryptor.Decrypt(underKey2, StudentName));

        await ring.Ring.DestroyAsync(key1.Id);

        var ex = Assert.Throws<FieldDecryptionException>(() => ring.Encryptor.Decrypt(underKey1, StudentName));
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, ex.Reason);
        Assert.Equal("Алина Иванова", ring.Encryptor.Decrypt(underKey2, StudentName));
        var stored = (await ring.Store.GetAllAsync(CancellationToken.None)).Single(k => k.Id == key1.Id);
        Assert.Equal(FieldKeyState.Destroyed, stored.State);
        Assert.Null(stored.WrappedKey);
        Assert.Equal(TestKeyRing.Start, stored.DestroyedAt);
    }

    [Fact]
    public async Task Reencrypt_ValueUnderRetiredKey_MovesToCurrentKey()
    {
        using var ring = new TestKeyRing();
        var old = ring.Encryptor.Encrypt("Әлихан Бекұлы", StudentName);
        var newKey = await ring.Ring.RotateAsync();

        Assert.False(ring.Encryptor.IsUnderCurrentKey(old));
        var moved = ring.Encryptor.Reencrypt(old, StudentName);

        Assert.True(ring.Encryptor.IsUnderCurrentKey(moved));
        Assert.True(FieldCiphertext.TryGetKeyId(moved, out var id));
        Assert.Equal(newKey.Id, id);
        Assert.Equal("Әлихан Бекұлы", ring.Encryptor.Decrypt(moved, StudentName));
        Assert.Same(moved, ring.Encryptor.Reencrypt(moved, StudentName));
    }

    [Fact]
    public void Reencrypt_TamperedValueUnderCurrentKey_Throws()
    {
        using var ring = new TestKeyRing();
        var value = ring.Encryptor.Encrypt("Әлихан Бекұлы", StudentName);

        var ex = Assert.Throws<FieldDecryptionException>(() => ring.Encryptor.Reencrypt(value, FieldContext.For("Student", "Other")));

        Assert.Equal(FieldDecryptionFailureReason.Tampered, ex.Reason);
    }

    [Fact]
    public void RollOver_BeforeExpiry_MakesNewKeyAutomatically()
    {
        using var ring = new TestKeyRing();
        var first = ring.Ring.CurrentKey;
        var underFirst = ring.Encryptor.Encrypt("x", StudentName);
        Assert.Equal(TestKeyRing.Start.AddDays(30), first.ExpiresAt);

        // One minute before the 2-day lead time starts: still the first key.
        ring.Time.Advance(TimeSpan.FromDays(28) - TimeSpan.FromMinutes(1));
        Assert.Equal(first.Id, ring.Ring.CurrentKey.Id);

        ring.Time.Advance(TimeSpan.FromMinutes(2));
        var second = ring.Ring.CurrentKey;

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(ring.Time.GetUtcNow(), second.ActivatesAt);
        Assert.Equal(FieldKeyState.Retired, ring.Ring.GetKeys().Single(k => k.Id == first.Id).State);
        Assert.Equal("x", ring.Encryptor.Decrypt(underFirst, StudentName));
    }

    [Fact]
    public async Task RollOver_AfterMaxEncryptions_MakesNewKey()
    {
        using var ring = new TestKeyRing(new FieldEncryptionOptions { MaxEncryptionsPerKey = 10 });
        var first = ring.Ring.CurrentKey;
        for (var i = 0; i < 10; i++)
        {
            ring.Encryptor.Encrypt("x", StudentName);
        }

        // The roll-over runs in the background; wait for it without a timer assertion.
        for (var i = 0; i < 200 && ring.Ring.CurrentKey.Id == first.Id; i++)
        {
            await Task.Delay(10);
        }

        Assert.NotEqual(first.Id, ring.Ring.CurrentKey.Id);
        Assert.Equal(2, ring.Ring.GetKeys().Count(k => k.Purpose == FieldKeyPurpose.Encryption));
    }

    [Fact]
    public async Task Retire_CurrentKey_MakesNewKeyAndOldStillDecrypts()
    {
        using var ring = new TestKeyRing();
        var first = ring.Ring.CurrentKey;
        var value = ring.Encryptor.Encrypt("x", StudentName);

        await ring.Ring.RetireAsync(first.Id);

        Assert.NotEqual(first.Id, ring.Ring.CurrentKey.Id);
        Assert.Equal("x", ring.Encryptor.Decrypt(value, StudentName));
    }

    [Fact]
    public async Task ChangeState_UnknownKey_ThrowsInvalidOperation()
    {
        using var ring = new TestKeyRing();
        _ = ring.Ring.CurrentKey;

        await Assert.ThrowsAsync<InvalidOperationException>(() => ring.Ring.DestroyAsync(0xDEADBEEF));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ring.Ring.RetireAsync(0xDEADBEEF));
    }

    [Fact]
    public async Task SharedStore_KeyMadeByAnotherInstance_IsFoundOnFirstUse()
    {
        var store = new InMemoryFieldKeyStore();
        using var a = new TestKeyRing(store: store);
        using var b = new TestKeyRing(store: store);
        _ = b.Ring.CurrentKey;

        await a.Ring.RotateAsync();
        var value = a.Encryptor.Encrypt("Алина", StudentName);

        Assert.Equal("Алина", b.Encryptor.Decrypt(value, StudentName));
    }

    [Fact]
    public void UnknownKey_IsAPointLookupOfThatId_NeverAReadOfTheWholeStore()
    {
        var store = new ReadCountingKeyStore();
        using var ring = new TestKeyRing(store: store);
        _ = ring.Ring.CurrentKey;
        var reads = store.Reads;
        var bogus = new byte[FieldCiphertext.Overhead];
        bogus[0] = 1;
        bogus[4] = 7;

        for (var i = 0; i < 50; i++)
        {
            var ex = Assert.Throws<FieldDecryptionException>(() => ring.Encryptor.Decrypt(bogus, Span<byte>.Empty, StudentName));
            Assert.Equal(FieldDecryptionFailureReason.UnknownKey, ex.Reason);
        }

        // A ciphertext naming an unknown key costs one lookup by id (the key may have been made a moment ago elsewhere);
        // hostile input never turns into reads of the whole store.
        Assert.Equal(reads, store.Reads);
        Assert.Equal(50, store.PointReads);
    }

    [Fact]
    public void SharedKeyOfAnotherDataProtectionRing_FailsAsKeyUnavailable_WithoutAStoreReadPerValue()
    {
        var store = new ReadCountingKeyStore();
        using var a = new TestKeyRing(store: store, dataProtection: new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());
        var value = a.Encryptor.Encrypt("Алина", StudentName);
        using var b = new TestKeyRing(store: store, dataProtection: new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());
        _ = b.Ring.CurrentKey;
        var reads = (store.Reads, store.PointReads);

        for (var i = 0; i < 20; i++)
        {
            var ex = Assert.Throws<FieldDecryptionException>(() => b.Encryptor.Decrypt(value, StudentName));
            Assert.Equal(FieldDecryptionFailureReason.KeyUnavailable, ex.Reason);
            Assert.Contains("DataProtection", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(reads, (store.Reads, store.PointReads));
    }

    [Fact]
    public void RootSecrets_ArePerKindAndNeverEncryptionKeys()
    {
        using var ring = new TestKeyRing();
        var encryption = ring.Ring.CurrentKey;

        var blind = ring.Ring.GetCurrent(RootSecretKind.BlindIndex);
        var pseudonym = ring.Ring.GetCurrent(RootSecretKind.Pseudonym);

        Assert.NotEqual(blind.Id, pseudonym.Id);
        Assert.NotEqual(encryption.Id, blind.Id);
        Assert.Same(blind, ring.Ring.GetCurrent(RootSecretKind.BlindIndex));
        Assert.Same(blind, ring.Ring.Find(RootSecretKind.BlindIndex, blind.Id));
        Assert.Null(ring.Ring.Find(RootSecretKind.Pseudonym, blind.Id));
        Assert.Null(ring.Ring.Find(RootSecretKind.BlindIndex, encryption.Id));
        var blindDerived = new byte[32];
        var pseudonymDerived = new byte[32];
        blind.Derive("same info"u8, blindDerived);
        pseudonym.Derive("same info"u8, pseudonymDerived);
        Assert.False(blindDerived.AsSpan().SequenceEqual(pseudonymDerived));
        Assert.Contains(blindDerived, b => b != 0);

        // A root secret's id in a ciphertext header is not an encryption key.
        var forged = new byte[FieldCiphertext.Overhead];
        forged[0] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(forged.AsSpan(1), blind.Id);
        var ex = Assert.Throws<FieldDecryptionException>(() => ring.Encryptor.Decrypt(forged, Span<byte>.Empty, StudentName));
        Assert.Equal(FieldDecryptionFailureReason.UnknownKey, ex.Reason);
    }
}
