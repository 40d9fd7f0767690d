using HrPlus.Privacy.Encryption;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy;

/// <summary>The epoch keys' messages (event ids 1030–1039): key ids and counts, never key material.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Wrapped {Count} subject keys under the epoch key {EpochId}; destroyed {DestroyedCount} epoch keys past their backup retention ({DestroyedIds}).")]
    public static partial void SubjectKeyEpochAdvanced(ILogger logger, int count, string epochId, int destroyedCount, string destroyedIds);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Error, Message = "The subject key epoch job failed; subject keys stay under their epoch keys, which are not destroyed while a live subject key needs them. It runs again at the next key-ring refresh.")]
    public static partial void SubjectKeyEpochFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Information, Message = "Subject key {KeyId} is wrapped under the destroyed epoch key {EpochId} (a restored backup's copy) and is recorded as destroyed.")]
    public static partial void SubjectKeyShreddedWithEpoch(ILogger logger, string keyId, string epochId);

    // 1033 (no folder found for the epoch keys) is retired: without a named home the key ring does not start.
    [LoggerMessage(EventId = 1034, Level = LogLevel.Warning, Message = "DataProtection keeps its keys {Location} without an XML encryptor (ProtectKeysWithCertificate, ProtectKeysWithDpapi, ProtectKeysWithAzureKeyVault, …): whoever reads that table or folder can unwrap every field key, checkpoint key and epoch key, and with them every encrypted value and every erased subject in a restored backup. Protect DataProtection's keys at rest.")]
    public static partial void DataProtectionKeysNotEncrypted(ILogger logger, string location);

    [LoggerMessage(EventId = 1035, Level = LogLevel.Warning, Message = "{Count} of {Checked} epoch keys named by live subject keys cannot be used by this instance ({EpochIds}), so those subjects' values do not decrypt here and no new key is made for them. The epoch keys live in {Location}: check that every instance uses that same place and the same DataProtection key ring and application name.")]
    public static partial void EpochKeysUnavailable(ILogger logger, int count, int @checked, string epochIds, string location);

    [LoggerMessage(EventId = 1036, Level = LogLevel.Information, Message = "Retired the field encryption key {KeyId}: key {CurrentId}, made {Age} ago by a rotation on this or another instance, is current.")]
    public static partial void RotatedKeyRetired(ILogger logger, string keyId, string currentId, TimeSpan age);

    [LoggerMessage(EventId = 1037, Level = LogLevel.Information, Message = "Adopted the {Purpose} key {KeyId} that another instance made first (the key store decides which one the fleet shares).")]
    public static partial void SharedKeyAdopted(ILogger logger, FieldKeyPurpose purpose, string keyId);


    [LoggerMessage(EventId = 1038, Level = LogLevel.Error, Message = "Subject key {KeyId} cannot be unwrapped on this instance: {Why}. Values under it do not decrypt here.")]
    public static partial void SubjectKeyUnwrapFailed(ILogger logger, string keyId, string why);
}
