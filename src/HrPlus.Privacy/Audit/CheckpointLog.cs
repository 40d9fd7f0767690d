using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.Audit;

/// <summary>Log messages of the checkpoint job: log names, positions and counts, never an entry's content.</summary>
internal static partial class CheckpointLog
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "No PrivacyOptions.Audit.CheckpointKey is set: the consent ledger and the audit trail get no signed checkpoints, so a cut-off tail cannot be detected.")]
    public static partial void NoKey(ILogger logger);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Checkpoint of the {Log} written at position {Sequence}.")]
    public static partial void Written(ILogger logger, string log, long sequence);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Critical, Message = "The {Log} does not verify against its latest checkpoint: {Break} at position {Position}. No new checkpoint is written until this is investigated.")]
    public static partial void Broken(ILogger logger, string log, ChainBreak @break, long? position);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Error, Message = "The checkpoint of the {Log} failed; the job tries again at the next interval.")]
    public static partial void Failed(ILogger logger, string log, Exception exception);
}
