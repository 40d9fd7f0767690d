using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace HrPlus.Privacy.Encryption;

internal sealed partial class FieldKeyRing
{
    /// <summary>
    /// The <see cref="FieldKeyRecord.WrappingVersion"/> of a subject key wrapped under an epoch key, then by DataProtection:
    /// <c>[epoch id, 4 bytes big-endian][DataProtection(nonce, AES-256-GCM of the key under the epoch key, tag)]</c>.
    /// </summary>
    internal const int EpochWrappingVersion = 2;

    private const int EpochIdSize = 4;

    /// <summary>Reads the epoch id of an epoch-wrapped record, the one part of its wrapped key stored in the clear.</summary>
    internal static bool TryReadEpochId(FieldKeyRecord record, out uint epochId)
    {
        if (record.WrappingVersion == EpochWrappingVersion && record.WrappedKey is { Length: > EpochIdSize } wrapped)
        {
            epochId = BinaryPrimitives.ReadUInt32BigEndian(wrapped);
            return true;
        }

        epochId = 0;
        return false;
    }

    /// <summary>
    /// Gets the moment after which no database backup taken up to <paramref name="at"/> can unwrap a subject key, or null
    /// when subject keys are not wrapped under epoch keys (restored backups then keep them readable).
    /// </summary>
    public async Task<DateTimeOffset?> GetBackupsUnreadableAfterAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (_epochs is null)
        {
            return null;
        }

        await _mutex.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _epochs.LoadAsync(cancellationToken).ConfigureAwait(false);
            return _epochs.BackupsUnreadableAfter(at);
        }
        finally
        {
            ReleaseMutex();
        }
    }

    /// <summary>Wraps a subject key's bytes under the current epoch key, or returns null when there are no epoch keys.</summary>
    private async ValueTask<Func<uint, byte[]>?> EpochWrapperAsync(string? subjectId, ReadOnlyMemory<byte> material, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_epochs is null)
        {
            return null;
        }

        var epoch = await _epochs.EnsureCurrentAsync(now, cancellationToken).ConfigureAwait(false);
        return id => WrapUnderEpoch(epoch.Id, id, subjectId, material.Span);
    }

    private byte[] WrapUnderEpoch(uint epochId, uint id, string? subjectId, ReadOnlySpan<byte> material)
    {
        var sealedKey = _epochs!.Seal(epochId, id, subjectId, material);
        var protectedKey = EpochProtector(id, subjectId, epochId).Protect(sealedKey);
        var wrapped = new byte[EpochIdSize + protectedKey.Length];
        BinaryPrimitives.WriteUInt32BigEndian(wrapped, epochId);
        protectedKey.CopyTo(wrapped, EpochIdSize);
        return wrapped;
    }

    private byte[] UnwrapFromEpoch(FieldKeyRecord record)
    {
        if (_epochs is null || !TryReadEpochId(record, out var epochId))
        {
            throw new CryptographicException("The key is wrapped under an epoch key, and this ring has no epoch key store.");
        }

        var sealedKey = EpochProtector(record.Id, record.SubjectId, epochId).Unprotect(record.WrappedKey![EpochIdSize..]);
        var material = GC.AllocateArray<byte>(KeySize, pinned: true);
        try
        {
            _epochs.Open(epochId, record.Id, record.SubjectId, sealedKey, material);
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

    private IDataProtector EpochProtector(uint id, string? subjectId, uint epochId) => _protector.CreateProtector(
        "key:" + id.ToString("x8", CultureInfo.InvariantCulture),
        "purpose:" + FieldKeyPurpose.SubjectEncryption.ToString(),
        "subject:" + (subjectId ?? string.Empty),
        "epoch:" + epochId.ToString("x8", CultureInfo.InvariantCulture));

    /// <summary>
    /// A subject key whose epoch key is destroyed can never be unwrapped again (a restored backup's copy): it is recorded as
    /// destroyed, in the store too, so its values fail with <see cref="FieldDecryptionFailureReason.KeyDestroyed"/>.
    /// </summary>
    private async ValueTask<FieldKeyRecord?> ShredIfEpochDestroyedAsync(FieldKeyRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_epochs is null || !TryReadEpochId(record, out var epochId) || !_epochs.IsDestroyed(epochId))
        {
            return null;
        }

        var shredded = record with { State = FieldKeyState.Destroyed, DestroyedAt = now, WrappedKey = null };
        if (await _store.TryUpdateAsync(shredded, record, cancellationToken).ConfigureAwait(false))
        {
            var id = FieldDecryptionException.FormatKeyId(record.Id);
            var epoch = FieldDecryptionException.FormatKeyId(epochId);
            Defer(l => Log.SubjectKeyShreddedWithEpoch(l, id, epoch));
        }

        return shredded;
    }

    /// <summary>
    /// The epoch job, run on every refresh: makes a new epoch key when the epoch ended, wraps every live subject key not
    /// under it again (one conditional write each, so an interruption leaves each record under its old or its new epoch,
    /// both live), then destroys the epoch keys whose retention has passed and that no live subject key names any more.
    /// </summary>
    private async ValueTask RunEpochJobAsync(IReadOnlyList<FieldKeyRecord> records, IReadOnlyDictionary<uint, FieldKey> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_epochs is null)
        {
            return;
        }

        try
        {
            var live = records.Where(r => r.Purpose == FieldKeyPurpose.SubjectEncryption && r.State != FieldKeyState.Destroyed && r.WrappedKey is not null).ToList();
            if (live.Count == 0 && _epochs.Records.Count == 0)
            {
                return;
            }

            var rewrapped = 0;
            if (live.Count == 0)
            {
                await _epochs.RetireEndedAsync(now, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var current = await _epochs.EnsureCurrentAsync(now, cancellationToken).ConfigureAwait(false);
                foreach (var record in live)
                {
                    if ((TryReadEpochId(record, out var epochId) && epochId == current.Id) || !keys.TryGetValue(record.Id, out var key) || !key.TryExport(out var material))
                    {
                        continue;
                    }

                    try
                    {
                        var next = record with { WrappedKey = WrapUnderEpoch(current.Id, record.Id, record.SubjectId, material), WrappingVersion = EpochWrappingVersion };
                        if (await _store.TryUpdateAsync(next, record, cancellationToken).ConfigureAwait(false))
                        {
                            rewrapped++;
                        }
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(material);
                    }
                }
            }

            // Read again right before destroying: an epoch key still named by a live subject key (one another instance wrapped
            // meanwhile, or one this ring could not unwrap) is kept.
            var referenced = new HashSet<uint>();
            foreach (var record in rewrapped > 0 ? await _store.GetAllAsync(cancellationToken).ConfigureAwait(false) : records)
            {
                if (record.State != FieldKeyState.Destroyed && TryReadEpochId(record, out var epochId))
                {
                    referenced.Add(epochId);
                }
            }

            var destroyed = await _epochs.DestroyDueAsync(now, referenced, cancellationToken).ConfigureAwait(false);
            if (rewrapped > 0 || destroyed.Count > 0)
            {
                var epoch = FieldDecryptionException.FormatKeyId(_epochs.Current(now)?.Id ?? 0);
                var destroyedIds = string.Join(", ", destroyed.Select(FieldDecryptionException.FormatKeyId));
                Defer(l => Log.SubjectKeyEpochAdvanced(l, rewrapped, epoch, destroyed.Count, destroyedIds));
            }
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            Defer(l => Log.SubjectKeyEpochFailed(l, ex));
        }
    }
}
