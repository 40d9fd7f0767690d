using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy;

/// <summary>Log messages of erasure, its resumption and blocks that match nothing (event ids 1040–1049).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1040, Level = LogLevel.Warning, Message = "Erasure {ErasureId} erased nothing: it destroyed no key of the subject and none of the {Sources} personal data sources deleted a record. Subject ids are compared exactly (ordinal): check that the id is the one the data is held under (letter case and format of a GUID, spaces).")]
    public static partial void NothingErased(ILogger logger, Guid erasureId, int sources);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Warning, Message = "Erasure {ErasureId} erased nothing, and {Keys} live subject keys belong to an id that differs from the erased id only in letter case or GUID format: that is probably the id to erase.")]
    public static partial void NothingErasedSimilarIdHeld(ILogger logger, Guid erasureId, int keys);

    [LoggerMessage(EventId = 1042, Level = LogLevel.Information, Message = "Resumed and completed erasure {ErasureId}, requested at {RequestedAt:O} and interrupted before it completed.")]
    public static partial void ErasureResumed(ILogger logger, Guid erasureId, DateTimeOffset requestedAt);

    [LoggerMessage(EventId = 1043, Level = LogLevel.Warning, Message = "Resuming erasure {ErasureId} failed; it stays incomplete and is tried again at the next pass.")]
    public static partial void ErasureResumeFailed(ILogger logger, Guid erasureId, Exception exception);

    [LoggerMessage(EventId = 1044, Level = LogLevel.Debug, Message = "Another instance holds the erasure lock; it resumes the interrupted erasures.")]
    public static partial void ErasureResumeLockBusy(ILogger logger);

    [LoggerMessage(EventId = 1045, Level = LogLevel.Warning, Message = "Looking for interrupted erasures failed; trying again in {Interval}.")]
    public static partial void ErasureResumePassFailed(ILogger logger, TimeSpan interval, Exception exception);

    [LoggerMessage(EventId = 1046, Level = LogLevel.Debug, Message = "Interrupted erasures are not resumed here: {Reason}")]
    public static partial void ErasureResumeOff(ILogger logger, string reason);

    [LoggerMessage(EventId = 1047, Level = LogLevel.Warning, Message = "Block {BlockId} names a subject that has no key: it blocks nothing held now, only data stored under that exact id later. {SimilarKeys} live subject keys belong to an id that differs only in letter case or GUID format; subject ids are compared exactly (ordinal).")]
    public static partial void BlockMatchedNoKey(ILogger logger, Guid blockId, int similarKeys);
}
