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

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "The field key ring could not be refreshed; it keeps its current keys and tries again later.")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "The current field key reached {Limit} encryptions in this process; rolling over to a new key.")]
    public static partial void EncryptionLimitReached(ILogger logger, long limit);
}
