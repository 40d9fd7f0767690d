using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>A key ring over an in-memory store, with a fake clock and an optional fixed key.</summary>
internal sealed class TestKeyRing : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public TestKeyRing(FieldEncryptionOptions? options = null, IFieldKeyStore? store = null, IDataProtectionProvider? dataProtection = null)
    {
        Time = new FakeTimeProvider(Start);
        Store = store ?? new InMemoryFieldKeyStore();
        Options = options ?? new FieldEncryptionOptions();
        Ring = new FieldKeyRing(Store, dataProtection ?? IdentityDataProtection.Instance, Time, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<FieldKeyRing>.Instance);
        Encryptor = new FieldEncryptor(Ring);
    }

    public FakeTimeProvider Time { get; }

    public IFieldKeyStore Store { get; }

    public FieldEncryptionOptions Options { get; }

    public FieldKeyRing Ring { get; }

    public FieldEncryptor Encryptor { get; }

    /// <summary>A store holding one active encryption key with fixed id and bytes, "wrapped" by <see cref="IdentityDataProtection"/>.</summary>
    public static InMemoryFieldKeyStore StoreWithFixedKey(uint id, byte[] material)
    {
        var store = new InMemoryFieldKeyStore();
        var added = store.TryAddAsync(
            new FieldKeyRecord
            {
                Id = id,
                Purpose = FieldKeyPurpose.Encryption,
                State = FieldKeyState.Active,
                CreatedAt = Start,
                ActivatesAt = Start,
                ExpiresAt = Start.AddYears(10),
                WrappedKey = (byte[])material.Clone(),
            },
            CancellationToken.None).AsTask().Result;
        Assert.True(added);
        return store;
    }

    public void Dispose() => Ring.Dispose();
}

/// <summary>A DataProtection stand-in that does not wrap at all, so tests can seed known key bytes.</summary>
internal sealed class IdentityDataProtection : IDataProtectionProvider, IDataProtector
{
    public static readonly IdentityDataProtection Instance = new();

    public IDataProtector CreateProtector(string purpose) => this;

    public byte[] Protect(byte[] plaintext) => (byte[])plaintext.Clone();

    public byte[] Unprotect(byte[] protectedData) => (byte[])protectedData.Clone();
}
