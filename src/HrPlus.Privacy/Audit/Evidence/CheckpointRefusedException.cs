namespace HrPlus.Privacy.Audit;

/// <summary>
/// A checkpoint was refused: the log does not verify, or it does not extend the latest checkpoint (it is shorter, or
/// its tree at the checkpoint's size has another root), or the latest checkpoint's signature does not verify. Nothing
/// was signed. The message names the log, the break and the position, never an entry's content.
/// </summary>
public sealed class CheckpointRefusedException : InvalidOperationException
{
    /// <summary>Makes the exception for <paramref name="log"/> and what its verification found.</summary>
    public CheckpointRefusedException(HashChainedLog log, ChainVerificationResult verification)
        : base(MessageOf(log, verification))
    {
        ArgumentNullException.ThrowIfNull(verification);
        Log = log;
        Verification = verification;
    }

    /// <summary>Gets the log that was not checkpointed.</summary>
    public HashChainedLog Log { get; }

    /// <summary>Gets what the verification found (never intact).</summary>
    public ChainVerificationResult Verification { get; }

    private static string MessageOf(HashChainedLog log, ChainVerificationResult verification) =>
        $"No checkpoint of the {ChainCheckpoint.NameOf(log)} was signed: {verification?.Break} at position {verification?.FirstBrokenPosition}. " +
        "Investigate before anything else; a checkpoint is never signed over a log that does not extend the previous one.";
}
