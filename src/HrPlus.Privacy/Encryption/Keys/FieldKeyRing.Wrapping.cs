using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace HrPlus.Privacy.Encryption;

/// <summary>Making keys and wrapping them: new records (plain or in a slot), DataProtection purposes, unwrapping.</summary>
internal sealed partial class FieldKeyRing
{
    private async ValueTask<(FieldKeyRecord Record, FieldKey Key)> CreateKeyAsync(FieldKeyPurpose purpose, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken, string? subjectId = null, DateTimeOffset? activates = null)
    {
        var (record, key) = await CreateKeyCoreAsync(purpose, now, expires, subjectId, activates, inSlot: false, cancellationToken).ConfigureAwait(false);
        return (record, key!);
    }

    /// <summary>
    /// Makes a key and stores it. With <paramref name="inSlot"/> the store adds it only when its slot is free
    /// (<see cref="IFieldKeyStore.TryAddIfSlotFreeAsync"/>); when another record holds the slot, that record comes back with
    /// no key, for the caller to adopt.
    /// </summary>
    private async ValueTask<(FieldKeyRecord Record, FieldKey? Key)> CreateKeyCoreAsync(FieldKeyPurpose purpose, DateTimeOffset now, DateTimeOffset expires, string? subjectId, DateTimeOffset? activates, bool inSlot, CancellationToken cancellationToken)
    {
        var material = GC.AllocateArray<byte>(KeySize, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(material);
            var reserved = purpose == FieldKeyPurpose.Encryption ? _reservationBlock : 0;
            var underEpoch = purpose == FieldKeyPurpose.SubjectEncryption
                ? await EpochWrapperAsync(subjectId, material, now, cancellationToken).ConfigureAwait(false)
                : null;
            for (var attempt = 0; attempt < 16; attempt++)
            {
                var id = NewKeyId();
                var record = new FieldKeyRecord
                {
                    Id = id,
                    Purpose = purpose,
                    State = FieldKeyState.Active,
                    CreatedAt = now,
                    ActivatesAt = activates ?? now,
                    ExpiresAt = expires,
                    WrappedKey = underEpoch is not null ? underEpoch(id) : ProtectorFor(id, purpose, subjectId, CurrentWrappingVersion).Protect(material),
                    WrappingVersion = underEpoch is not null ? EpochWrappingVersion : CurrentWrappingVersion,
                    SubjectId = subjectId,
                    ReservedEncryptions = reserved,
                };
                var stored = inSlot
                    ? await _store.TryAddIfSlotFreeAsync(record, cancellationToken).ConfigureAwait(false)
                    : await _store.TryAddAsync(record, cancellationToken).ConfigureAwait(false) ? record : null;
                if (stored is null)
                {
                    continue;
                }

                if (stored.Id != id)
                {
                    return (stored, null);
                }

                Defer(l => Log.KeyCreated(l, FieldDecryptionException.FormatKeyId(id), purpose));
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

    private static uint NewKeyId()
    {
        Span<byte> id = stackalloc byte[4];
        uint value;
        do
        {
            RandomNumberGenerator.Fill(id);
            value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(id);
        }
        while (value == 0);
        return value;
    }

    /// <summary>
    /// The DataProtection purpose of a wrapped key: version 1 names the record (id, purpose, subject), so a wrapped key
    /// copied into another record does not unwrap there; version 0 is the first release's single purpose.
    /// </summary>
    private IDataProtector ProtectorFor(uint id, FieldKeyPurpose purpose, string? subjectId, int wrappingVersion) =>
        WrappingProtector(_protector, id, purpose, subjectId, wrappingVersion);

    /// <summary>The protector that wraps a record's key, from the ring's root protector (<see cref="ProtectorPurpose"/>).</summary>
    internal static IDataProtector WrappingProtector(IDataProtector ringProtector, uint id, FieldKeyPurpose purpose, string? subjectId, int wrappingVersion) =>
        wrappingVersion switch
        {
            0 => ringProtector,
            CurrentWrappingVersion => ringProtector.CreateProtector(
                "key:" + id.ToString("x8", CultureInfo.InvariantCulture),
                "purpose:" + purpose.ToString(),
                "subject:" + (subjectId ?? string.Empty)),
            _ => throw new CryptographicException($"Unknown wrapping version {wrappingVersion}."),
        };

    /// <summary>Moves a first-release (version 0) wrapped key to the record-bound wrapping; the old blob is replaced.</summary>
    private async ValueTask<FieldKeyRecord> RewrapIfLegacyAsync(FieldKeyRecord record, FieldKey key, CancellationToken cancellationToken)
    {
        if (record.WrappingVersion == CurrentWrappingVersion || !key.TryExport(out var material))
        {
            return record;
        }

        try
        {
            var rewrapped = record with
            {
                WrappedKey = ProtectorFor(record.Id, record.Purpose, record.SubjectId, CurrentWrappingVersion).Protect(material),
                WrappingVersion = CurrentWrappingVersion,
            };
            return await _store.TryUpdateAsync(rewrapped, record, cancellationToken).ConfigureAwait(false) ? rewrapped : record;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private FieldKey? TryUnwrap(FieldKeyRecord record, bool report) => TryUnwrap(record, report, out _);

    // A store written before WrappingVersion existed may not keep it and hand back 0 for a record-bound blob: that blob is
    // tried under its own record's binding too (never the other way round: a version-1 record never falls back to the
    // unbound purpose, so a blob moved between records stays sealed).
    private byte[] UnprotectAnyVersion(FieldKeyRecord record, out bool wrappedAsLegacy)
    {
        wrappedAsLegacy = false;
        if (record.WrappingVersion == EpochWrappingVersion)
        {
            return UnwrapFromEpoch(record);
        }

        if (record.WrappingVersion != 0)
        {
            return ProtectorFor(record.Id, record.Purpose, record.SubjectId, record.WrappingVersion).Unprotect(record.WrappedKey!);
        }

        try
        {
            var legacy = _protector.Unprotect(record.WrappedKey!);
            wrappedAsLegacy = true;
            return legacy;
        }
        catch (CryptographicException)
        {
            return ProtectorFor(record.Id, record.Purpose, record.SubjectId, CurrentWrappingVersion).Unprotect(record.WrappedKey!);
        }
    }

    private FieldKey? TryUnwrap(FieldKeyRecord record, bool report, out bool wrappedAsLegacy)
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
                    Defer(l => Log.KeyUnwrapFailed(l, FieldDecryptionException.FormatKeyId(record.Id), null));
                }

                return null;
            }

            // A loaded shared encryption key encrypts only after this process reserved a block of its count in the store.
            return new FieldKey(record.Id, record.Purpose, material, record.Purpose == FieldKeyPurpose.Encryption ? 0 : long.MaxValue, EngineFor(record.Purpose));
        }
        catch (CryptographicException ex)
        {
            if (report && record.WrappingVersion == EpochWrappingVersion)
            {
                var why = WhyUnavailable(record);
                Defer(l => Log.SubjectKeyUnwrapFailed(l, FieldDecryptionException.FormatKeyId(record.Id), why));
            }
            else if (report)
            {
                Defer(l => Log.KeyUnwrapFailed(l, FieldDecryptionException.FormatKeyId(record.Id), ex));
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
}
