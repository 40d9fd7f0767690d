using HrPlus.Privacy.Encryption;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy;

/// <summary>
/// Every log message of the core package. Event ids are stable; messages carry key ids, purposes and
/// counts, never personal data or key material.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Created field key {KeyId} for {Purpose}.")]
    public static partial void KeyCreated(ILogger logger, string keyId, FieldKeyPurpose purpose);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Field key {KeyId} ({Purpose}) is now {State}.")]
    public static partial void KeyStateChanged(ILogger logger, string keyId, FieldKeyPurpose purpose, FieldKeyState state);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Loaded {Count} field keys; current encryption key {KeyId}.")]
    public static partial void KeyRingLoaded(ILogger logger, int count, string keyId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Field key {KeyId} could not be unwrapped by DataProtection; values under it cannot be decrypted on this instance.")]
    public static partial void KeyUnwrapFailed(ILogger logger, string keyId, Exception? exception);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "{Count} field key records in the key store cannot be unwrapped by this application's DataProtection key ring ({KeyIds}); they are skipped and this application encrypts under its own keys. Values under those keys cannot be decrypted here: if they are this application's, restore the DataProtection key ring they were made with; if another application's, give each application its own field key folder (the default, inside DataProtection's key folder, already does).")]
    public static partial void ForeignKeysSkipped(ILogger logger, int count, string keyIds);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Retired the field encryption key {KeyId}: a newer key is active (a rotation was interrupted before it retired this one).")]
    public static partial void InterruptedRotationRepaired(ILogger logger, string keyId);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "The field key store could not be read at start-up; field keys are loaded on first use instead.")]
    public static partial void StartupKeyCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Field encryption uses the {Engine} AES-256-GCM engine.")]
    public static partial void EngineSelected(ILogger logger, string engine);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "The field key ring could not be refreshed; it keeps its current keys and tries again later.")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "The current field key reached its bound of {Limit} encryptions (all instances and restarts together); rolling over to a new key.")]
    public static partial void EncryptionLimitReached(ILogger logger, long limit);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "DataProtection keeps the keys that wrap the field keys {Location}: no key persistence is configured, so a redeploy (a new container, another user or machine) loses them, and afterwards every field encrypted before cannot be decrypted and the stored field keys cannot be unwrapped. Persist this application's DataProtection keys where they survive a redeploy and are backed up with its data, e.g. services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(\"/var/lib/<app>/dp-keys\")) on a mounted volume (or PersistKeysToDbContext), protected at rest (ProtectKeysWithCertificate, DPAPI, Azure Key Vault).")]
    public static partial void DataProtectionKeysNotPersisted(ILogger logger, string location);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Reloading after a {Change} change notification failed; the cache keeps its last state until the next notification or poll.")]
    public static partial void ChangeNotificationFailed(ILogger logger, Changes.PrivacyChange change, Exception exception);

    [LoggerMessage(EventId = 1081, Level = LogLevel.Debug, Message = "Key ring refreshed: waited {LockWaitMs} ms for its lock, then {ElapsedMs} ms reading the store and loading.")]
    public static partial void KeyRingRefreshed(ILogger logger, long lockWaitMs, long elapsedMs);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Debug, Message = "Reloaded after a {Change} change notification in {ElapsedMs} ms.")]
    public static partial void ChangeNotificationApplied(ILogger logger, Changes.PrivacyChange change, long elapsedMs);
}
