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

    [LoggerMessage(EventId = 1033, Level = LogLevel.Warning, Message = "HrPlus.Privacy found no folder for its subject key epochs ({Reason}); subject keys are wrapped by DataProtection alone, and a restored database backup that holds the field keys brings an erased subject back. Set PrivacyOptions.Encryption.EpochKeyDirectory.")]
    public static partial void NoEpochKeyFolder(ILogger logger, string reason);
}
