using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy;

/// <summary>The key stores' messages (event ids 1020–1029): file names and counts, never key material.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "The field key file {FileName} ({Length} bytes) cannot be parsed and is skipped; a crash of an older release can leave such a file. Keys in other files load as usual.")]
    public static partial void KeyFileSkipped(ILogger logger, string fileName, int length);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "The field key file {FileName} cannot be read and is skipped.")]
    public static partial void KeyFileUnreadable(ILogger logger, string fileName, Exception exception);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Information, Message = "Removed {Count} temporary files left in the field key folder by an interrupted write.")]
    public static partial void KeyFileLeftoversRemoved(ILogger logger, int count);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Information, Message = "Moved {Count} field keys of this app from the shared folder {OldFolder} to {NewFolder}.")]
    public static partial void KeysMovedFromLegacyFolder(ILogger logger, int count, string oldFolder, string newFolder);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Warning, Message = "Field key {KeyId} in the shared folder {OldFolder} has the id of a different key in {NewFolder} and stays where it is.")]
    public static partial void LegacyKeyIdConflict(ILogger logger, string keyId, string oldFolder, string newFolder);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Error, Message = "Field key {KeyId} could not be moved out of the shared folder {OldFolder}; it stays there and the next start tries again.")]
    public static partial void LegacyKeyMoveFailed(ILogger logger, string keyId, string oldFolder, Exception exception);

    [LoggerMessage(EventId = 1026, Level = LogLevel.Error, Message = "The shared field key folder {OldFolder} of an earlier release cannot be read; keys of this app there are not moved.")]
    public static partial void LegacyKeysUnreadable(ILogger logger, string oldFolder, Exception exception);
}
