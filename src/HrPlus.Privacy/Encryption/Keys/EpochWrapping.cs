using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// The wrapping of a subject key under an epoch key, then by DataProtection (<see cref="EpochWrappingVersion"/>), so a
/// database backup cannot unwrap it once its epoch key is destroyed.
/// </summary>
internal sealed class EpochWrapping(IDataProtector ringProtector, SubjectKeyEpochs? epochs)
{
    /// <summary>
    /// The <see cref="FieldKeyRecord.WrappingVersion"/> of a subject key wrapped under an epoch key, then by DataProtection:
    /// <c>[epoch id, 4 bytes big-endian][DataProtection(nonce, AES-256-GCM of the key under the epoch key, tag)]</c>.
    /// </summary>
    public const int EpochWrappingVersion = 2;

    private const int EpochIdSize = 4;

    /// <summary>Gets the epoch keys, or null when subject keys are not wrapped under epoch keys.</summary>
    public SubjectKeyEpochs? Epochs => epochs;

    /// <summary>Reads the epoch id of an epoch-wrapped record, the one part of its wrapped key stored in the clear.</summary>
    public static bool TryReadEpochId(FieldKeyRecord record, out uint epochId)
    {
        if (record.WrappingVersion == EpochWrappingVersion && record.WrappedKey is { Length: > EpochIdSize } wrapped)
        {
            epochId = BinaryPrimitives.ReadUInt32BigEndian(wrapped);
            return true;
        }

        epochId = 0;
        return false;
    }

    /// <summary>Wraps a subject key's bytes under the current epoch key, or returns null when there are no epoch keys.</summary>
    public async ValueTask<Func<uint, byte[]>?> WrapperAsync(string? subjectId, ReadOnlyMemory<byte> material, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (epochs is null)
        {
            return null;
        }

        var epoch = await epochs.EnsureCurrentAsync(now, cancellationToken).ConfigureAwait(false);
        return id => Wrap(epoch.Id, id, subjectId, material.Span);
    }

    public byte[] Wrap(uint epochId, uint id, string? subjectId, ReadOnlySpan<byte> material)
    {
        var sealedKey = epochs!.Seal(epochId, id, subjectId, material);
        var protectedKey = Protector(id, subjectId, epochId).Protect(sealedKey);
        var wrapped = new byte[EpochIdSize + protectedKey.Length];
        BinaryPrimitives.WriteUInt32BigEndian(wrapped, epochId);
        protectedKey.CopyTo(wrapped, EpochIdSize);
        return wrapped;
    }

    /// <summary>Unwraps an epoch-wrapped record into a new pinned array of <paramref name="keySize"/> bytes.</summary>
    /// <exception cref="CryptographicException">The epoch key or the DataProtection key is not here.</exception>
    public byte[] Unwrap(FieldKeyRecord record, int keySize)
    {
        if (epochs is null || !TryReadEpochId(record, out var epochId))
        {
            throw new CryptographicException("The key is wrapped under an epoch key, and this ring has no epoch key store.");
        }

        var sealedKey = Protector(record.Id, record.SubjectId, epochId).Unprotect(record.WrappedKey![EpochIdSize..]);
        var material = GC.AllocateArray<byte>(keySize, pinned: true);
        try
        {
            epochs.Open(epochId, record.Id, record.SubjectId, sealedKey, material);
            return material;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(material);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sealedKey);
        }
    }

    /// <summary>Names, for an epoch-wrapped record this instance cannot unwrap, the epoch key and where it was looked for.</summary>
    public string WhyUnavailable(uint epochId) => epochs is null
        ? "it is wrapped under an epoch key, and this instance has no epoch key store (PrivacyOptions.Encryption.PerSubjectKeys is off and no epoch key home is named)"
        : epochs.Describe(epochId) + "; every instance must use the same epoch key home (EpochKeyDirectory or PersistEpochKeysToDbContext) and DataProtection key ring";

    private IDataProtector Protector(uint id, string? subjectId, uint epochId) => ringProtector.CreateProtector(
        "key:" + id.ToString("x8", CultureInfo.InvariantCulture),
        "purpose:" + FieldKeyPurpose.SubjectEncryption.ToString(),
        "subject:" + (subjectId ?? string.Empty),
        "epoch:" + epochId.ToString("x8", CultureInfo.InvariantCulture));
}
