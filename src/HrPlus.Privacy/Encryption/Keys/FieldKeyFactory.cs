using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Makes the field key ring's keys and their records (plain, or in a one-of-a-kind slot the store decides), wraps and
/// unwraps them under every wrapping version, and destroys records. Callers hold the ring's lock.
/// </summary>
internal sealed class FieldKeyFactory(
    IFieldKeyStore store,
    IDataProtector ringProtector,
    EpochWrapping epochWrapping,
    KeyRingLock ringLock,
    AesGcmEngine engine,
    long reservationBlock)
{
    /// <summary>The size of every field key, in bytes (AES-256).</summary>
    public const int KeySize = 32;

    public async ValueTask<(FieldKeyRecord Record, FieldKey Key)> CreateKeyAsync(FieldKeyPurpose purpose, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken, string? subjectId = null, DateTimeOffset? activates = null)
    {
        var (record, key) = await CreateKeyCoreAsync(purpose, now, expires, subjectId, activates, inSlot: false, cancellationToken).ConfigureAwait(false);
        return (record, key!);
    }

    /// <summary>
    /// Makes a key and stores it. With <paramref name="inSlot"/> the store adds it only when its slot is free
    /// (<see cref="IFieldKeyStore.TryAddIfSlotFreeAsync"/>); when another record holds the slot, that record comes back with
    /// no key, for the caller to adopt.
    /// </summary>
    public async ValueTask<(FieldKeyRecord Record, FieldKey? Key)> CreateKeyCoreAsync(FieldKeyPurpose purpose, DateTimeOffset now, DateTimeOffset expires, string? subjectId, DateTimeOffset? activates, bool inSlot, CancellationToken cancellationToken)
    {
        var material = GC.AllocateArray<byte>(KeySize, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(material);
            var reserved = purpose == FieldKeyPurpose.Encryption ? reservationBlock : 0;
            var underEpoch = purpose == FieldKeyPurpose.SubjectEncryption
                ? await epochWrapping.WrapperAsync(subjectId, material, now, cancellationToken).ConfigureAwait(false)
                : null;
            for (var attempt = 0; attempt < 16; attempt++)
            {
                var id = FieldKeyWrapping.NewKeyId();
                var record = new FieldKeyRecord
                {
                    Id = id,
                    Purpose = purpose,
                    State = FieldKeyState.Active,
                    CreatedAt = now,
                    ActivatesAt = activates ?? now,
                    ExpiresAt = expires,
                    WrappedKey = underEpoch is not null ? underEpoch(id) : ProtectorFor(id, purpose, subjectId, FieldKeyWrapping.CurrentWrappingVersion).Protect(material),
                    WrappingVersion = underEpoch is not null ? EpochWrapping.EpochWrappingVersion : FieldKeyWrapping.CurrentWrappingVersion,
                    SubjectId = subjectId,
                    ReservedEncryptions = reserved,
                };
                var stored = inSlot
                    ? await store.TryAddIfSlotFreeAsync(record, cancellationToken).ConfigureAwait(false)
                    : await store.TryAddAsync(record, cancellationToken).ConfigureAwait(false) ? record : null;
                if (stored is null)
                {
                    continue;
                }

                if (stored.Id != id)
                {
                    return (stored, null);
                }

                ringLock.Defer(l => Log.KeyCreated(l, FieldDecryptionException.FormatKeyId(id), purpose));
                var key = new FieldKey(id, purpose, material, purpose == FieldKeyPurpose.Encryption ? reserved : long.MaxValue, EngineFor(purpose));
                return (record, key);
            }

            throw new InvalidOperationException("Could not find a free key id in 16 attempts; the field key store reports every id as taken.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>
    /// Makes the key of a one-of-a-kind slot (the first field key, a root, a pending root) unless the store already holds one,
    /// and adopts the one it holds when this ring can unwrap it. A holder this ring cannot unwrap (another application's
    /// key in a shared folder) is passed over: the ring makes its own key as it did before.
    /// </summary>
    public async ValueTask<(FieldKeyRecord Record, FieldKey Key)> CreateSharedAsync(FieldKeyPurpose purpose, DateTimeOffset now, DateTimeOffset expires, DateTimeOffset? activates, CancellationToken cancellationToken)
    {
        var (record, key) = await CreateKeyCoreAsync(purpose, now, expires, subjectId: null, activates, inSlot: true, cancellationToken).ConfigureAwait(false);
        if (key is not null)
        {
            return (record, key);
        }

        if (TryUnwrap(record, report: false) is { } adopted)
        {
            var id = FieldDecryptionException.FormatKeyId(record.Id);
            ringLock.Defer(l => Log.SharedKeyAdopted(l, purpose, id));
            return (record, adopted);
        }

        return await CreateKeyAsync(purpose, now, expires, cancellationToken, activates: activates).ConfigureAwait(false);
    }

    /// <summary>Marks the record destroyed and drops its wrapped key, by a conditional write; false when the record changed meanwhile.</summary>
    public async ValueTask<bool> DestroyRecordAsync(FieldKeyRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await store.TryUpdateAsync(record with { State = FieldKeyState.Destroyed, DestroyedAt = now, WrappedKey = null }, record, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var id = record.Id;
        var purpose = record.Purpose;
        ringLock.Defer(l => Log.KeyStateChanged(l, FieldDecryptionException.FormatKeyId(id), purpose, FieldKeyState.Destroyed));
        return true;
    }

    /// <summary>Moves a first-release (version 0) wrapped key to the record-bound wrapping; the old blob is replaced.</summary>
    public async ValueTask<FieldKeyRecord> RewrapIfLegacyAsync(FieldKeyRecord record, FieldKey key, CancellationToken cancellationToken)
    {
        if (record.WrappingVersion == FieldKeyWrapping.CurrentWrappingVersion || !key.TryExport(out var material))
        {
            return record;
        }

        try
        {
            var rewrapped = record with
            {
                WrappedKey = ProtectorFor(record.Id, record.Purpose, record.SubjectId, FieldKeyWrapping.CurrentWrappingVersion).Protect(material),
                WrappingVersion = FieldKeyWrapping.CurrentWrappingVersion,
            };
            return await store.TryUpdateAsync(rewrapped, record, cancellationToken).ConfigureAwait(false) ? rewrapped : record;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    public FieldKey? TryUnwrap(FieldKeyRecord record, bool report) => TryUnwrap(record, report, out _);

    public FieldKey? TryUnwrap(FieldKeyRecord record, bool report, out bool wrappedAsLegacy)
    {
        wrappedAsLegacy = false;
        byte[]? material = null;
        try
        {
            material = UnprotectAnyVersion(record, out wrappedAsLegacy);
            if (material.Length != KeySize)
            {
                if (report)
                {
                    ringLock.Defer(l => Log.KeyUnwrapFailed(l, FieldDecryptionException.FormatKeyId(record.Id), null));
                }

                return null;
            }

            // A loaded shared encryption key encrypts only after this process reserved a block of its count in the store.
            return new FieldKey(record.Id, record.Purpose, material, record.Purpose == FieldKeyPurpose.Encryption ? 0 : long.MaxValue, EngineFor(record.Purpose));
        }
        catch (CryptographicException ex)
        {
            if (report && record.WrappingVersion == EpochWrapping.EpochWrappingVersion)
            {
                var why = WhyUnavailable(record);
                ringLock.Defer(l => Log.SubjectKeyUnwrapFailed(l, FieldDecryptionException.FormatKeyId(record.Id), why));
            }
            else if (report)
            {
                ringLock.Defer(l => Log.KeyUnwrapFailed(l, FieldDecryptionException.FormatKeyId(record.Id), ex));
            }

            return null;
        }
        finally
        {
            if (material is not null)
            {
                CryptographicOperations.ZeroMemory(material);
            }
        }
    }

    /// <summary>Names the key that cannot be unwrapped, and where it was looked for.</summary>
    public string WhyUnavailable(FieldKeyRecord record)
    {
        if (record.WrappingVersion != EpochWrapping.EpochWrappingVersion || !EpochWrapping.TryReadEpochId(record, out var epochId))
        {
            return "this application's DataProtection key ring cannot unwrap it; check that every instance shares the same DataProtection key ring and application name";
        }

        return epochWrapping.WhyUnavailable(epochId);
    }

    /// <summary>
    /// The engine of a key: the configured one for shared keys. Subjects' keys never go to NSec's guarded memory (pages
    /// mapped with guard pages around each key: tens of thousands of them would exhaust the process's memory mappings,
    /// vm.max_map_count): with libsodium configured they use libsodium on the raw key bytes
    /// (<see cref="SubjectKeyAesGcmEngine"/>), otherwise the platform's. All engines write the same bytes.
    /// </summary>
    private AesGcmEngine EngineFor(FieldKeyPurpose purpose) =>
        purpose != FieldKeyPurpose.SubjectEncryption ? engine
        : engine is LibsodiumAesGcmEngine ? SubjectKeyAesGcmEngine.Instance
        : PlatformAesGcmEngine.Instance;

    private IDataProtector ProtectorFor(uint id, FieldKeyPurpose purpose, string? subjectId, int wrappingVersion) =>
        FieldKeyWrapping.WrappingProtector(ringProtector, id, purpose, subjectId, wrappingVersion);

    // A store written before WrappingVersion existed may not keep it and hand back 0 for a record-bound blob: that blob is
    // tried under its own record's binding too (never the other way round: a version-1 record never falls back to the
    // unbound purpose, so a blob moved between records stays sealed).
    private byte[] UnprotectAnyVersion(FieldKeyRecord record, out bool wrappedAsLegacy)
    {
        wrappedAsLegacy = false;
        if (record.WrappingVersion == EpochWrapping.EpochWrappingVersion)
        {
            return epochWrapping.Unwrap(record, KeySize);
        }

        if (record.WrappingVersion != 0)
        {
            return ProtectorFor(record.Id, record.Purpose, record.SubjectId, record.WrappingVersion).Unprotect(record.WrappedKey!);
        }

        try
        {
            var legacy = ringProtector.Unprotect(record.WrappedKey!);
            wrappedAsLegacy = true;
            return legacy;
        }
        catch (CryptographicException)
        {
            return ProtectorFor(record.Id, record.Purpose, record.SubjectId, FieldKeyWrapping.CurrentWrappingVersion).Unprotect(record.WrappedKey!);
        }
    }
}
