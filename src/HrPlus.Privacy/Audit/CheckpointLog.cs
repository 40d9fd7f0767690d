using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.Audit;

/// <summary>Log messages of the checkpoint job: log names, positions, counts and key ids, never an entry's content.</summary>
internal static partial class CheckpointLog
{
    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "HMAC checkpoint of the {Log} written at position {Sequence}.")]
    public static partial void Written(ILogger logger, string log, long sequence);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Critical, Message = "The {Log} does not verify against its latest checkpoint: {Break} at position {Position}. No new checkpoint is written until this is investigated.")]
    public static partial void Broken(ILogger logger, string log, ChainBreak @break, long? position);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Error, Message = "The checkpoint of the {Log} failed; the job tries again at the next interval.")]
    public static partial void Failed(ILogger logger, string log, Exception exception);

    [LoggerMessage(EventId = 1060, Level = LogLevel.Critical, Message = "No checkpoint of the {Log} was signed: it does not extend the latest checkpoint ({Break} at position {Position}). Nothing is signed until this is investigated.")]
    public static partial void Refused(ILogger logger, string log, ChainBreak @break, long? position);

    [LoggerMessage(EventId = 1061, Level = LogLevel.Information, Message = "Signed tree head of the {Log} written: size {TreeSize}, key {KeyId}.")]
    public static partial void TreeHeadWritten(ILogger logger, string log, long treeSize, string keyId);

    [LoggerMessage(EventId = 1062, Level = LogLevel.Information, Message = "Checkpoint signing key {KeyId} made (Ed25519, kept in the field key store, wrapped by DataProtection).")]
    public static partial void SigningKeyCreated(ILogger logger, string keyId);

    [LoggerMessage(EventId = 1063, Level = LogLevel.Information, Message = "Checkpoint signing key {KeyId} retired: the fleet adopted the earlier key {AdoptedKeyId}.")]
    public static partial void SigningKeyRetired(ILogger logger, string keyId, string adoptedKeyId);

    [LoggerMessage(EventId = 1064, Level = LogLevel.Warning, Message = "Checkpoints of the hash-chained logs are kept in a table beside them (no checkpoint folder or sink is configured and DataProtection keeps no folder). A database administrator can rewrite that table too: copies kept outside the database (an ISignedTreeHeadSink, the consent receipts, an auditor's copy) are what make checkpoints evidence.")]
    public static partial void CheckpointsInDatabase(ILogger logger);
}
