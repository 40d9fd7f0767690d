namespace HrPlus.Privacy.Audit;

/// <summary>
/// Where signed tree heads (checkpoints) go, in order: somewhere the database administrator cannot rewrite along with
/// the database. The default appends lines to files in <see cref="AuditOptions.CheckpointDirectory"/> (or a folder of
/// this app inside DataProtection's key folder). Register your own to send them to a write-once bucket or a ticket system.
/// </summary>
public interface ISignedTreeHeadSink
{
    /// <summary>Keeps <paramref name="head"/> after the ones before it.</summary>
    ValueTask WriteAsync(SignedTreeHead head, CancellationToken cancellationToken);

    /// <summary>Reads the newest head of <paramref name="log"/>, or null when none was written.</summary>
    ValueTask<SignedTreeHead?> ReadLatestAsync(HashChainedLog log, CancellationToken cancellationToken);

    /// <summary>Reads every head of <paramref name="log"/>, oldest first (for an auditor's verification).</summary>
    IAsyncEnumerable<SignedTreeHead> ReadAllAsync(HashChainedLog log, CancellationToken cancellationToken);
}
