using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Moves this app's keys out of the folder earlier releases shared between apps (<c>&lt;parent of DataProtection's
/// folder&gt;/HrPlus.Privacy-FieldKeys</c>) into the app's own folder. A record is this app's when this app's
/// DataProtection ring unwraps it; records of other apps stay where they are, for those apps to move.
/// </summary>
/// <remarks>
/// Each key is first written to the new folder (atomically, as every new key), then its old file is deleted, so no second
/// copy survives that a later destruction would miss. A crash in between leaves both; the next start sees the copy and
/// deletes the old file. An old record whose id the new folder holds for another key stays, with a warning. Destroyed
/// records carry no wrapped key that tells whose they are, so they stay too.
/// </remarks>
internal static class LegacyFieldKeyMigration
{
    public static async ValueTask<int> MoveOwnKeysAsync(
        FileSystemFieldKeyStore legacy, FileSystemFieldKeyStore target, IDataProtectionProvider dataProtection, ILogger logger, CancellationToken cancellationToken)
    {
        // Never "move" a folder onto itself: the copy would be found in place and the only file deleted.
        if (!Directory.Exists(legacy.Directory.FullName)
            || string.Equals(
                Path.TrimEndingDirectorySeparator(legacy.Directory.FullName),
                Path.TrimEndingDirectorySeparator(target.Directory.FullName),
                OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
        {
            return 0;
        }

        var protector = dataProtection.CreateProtector(FieldKeyRing.ProtectorPurpose);
        var moved = 0;
        IReadOnlyList<FieldKeyRecord> records;
        try
        {
            records = await legacy.GetAllAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.LegacyKeysUnreadable(logger, legacy.Directory.FullName, ex);
            return 0;
        }

        foreach (var record in records)
        {
            if (record.WrappedKey is null || !IsOwn(protector, record))
            {
                continue;
            }

            try
            {
                if (await MoveAsync(record, legacy, target, logger, cancellationToken).ConfigureAwait(false))
                {
                    moved++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Not fatal: the key stays readable in the old folder, and the next start tries again (a copy made
                // already is recognised then, and only the old file goes).
                Log.LegacyKeyMoveFailed(logger, FieldDecryptionException.FormatKeyId(record.Id), legacy.Directory.FullName, ex);
            }
        }

        if (moved > 0)
        {
            Log.KeysMovedFromLegacyFolder(logger, moved, legacy.Directory.FullName, target.Directory.FullName);
        }

        return moved;
    }

    private static async ValueTask<bool> MoveAsync(
        FieldKeyRecord record, FileSystemFieldKeyStore legacy, FileSystemFieldKeyStore target, ILogger logger, CancellationToken cancellationToken)
    {
        if (!await target.TryAddAsync(record, cancellationToken).ConfigureAwait(false)
            && !IsCopy(record, (await target.GetAllAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == record.Id)))
        {
            Log.LegacyKeyIdConflict(logger, FieldDecryptionException.FormatKeyId(record.Id), legacy.Directory.FullName, target.Directory.FullName);
            return false;
        }

        await legacy.DeleteAsync(record.Id, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Whether the new folder's record is the copy of an earlier, interrupted move (or that copy, rewrapped or destroyed since).</summary>
    private static bool IsCopy(FieldKeyRecord old, FieldKeyRecord? present) =>
        present is not null
        && (present.State == FieldKeyState.Destroyed
            || (present.WrappedKey is not null && present.WrappedKey.AsSpan().SequenceEqual(old.WrappedKey))
            || (present.WrappingVersion != old.WrappingVersion && present.Purpose == old.Purpose && present.CreatedAt == old.CreatedAt));

    // Version-0 records (the earlier release) and record-bound ones (a version that wrote there before upgrading).
    private static bool IsOwn(IDataProtector protector, FieldKeyRecord record)
    {
        byte[]? material = null;
        try
        {
            material = FieldKeyWrapping.WrappingProtector(protector, record.Id, record.Purpose, record.SubjectId, record.WrappingVersion).Unprotect(record.WrappedKey!);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
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
