namespace HrPlus.Privacy.Audit;

/// <summary>
/// Signed checkpoints of the consent ledger and the audit trail, and verification against them. A checkpoint kept
/// outside the database (see <see cref="IChainCheckpointSink"/>) makes a deleted, truncated or re-hashed tail
/// detectable; the hosted checkpoint job writes one per log every <see cref="AuditOptions.CheckpointInterval"/>.
/// </summary>
public interface IHashChainCheckpoints
{
    /// <summary>Verifies <paramref name="log"/> from its first entry and signs its head.</summary>
    /// <exception cref="InvalidOperationException">No checkpoint key is configured, or the chain is broken (nothing broken is ever signed).</exception>
    ValueTask<ChainCheckpoint> CreateAsync(HashChainedLog log, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies <paramref name="log"/> from its first entry and, when <paramref name="checkpoint"/> is given, its
    /// signature, that it is a checkpoint of this log, and that the log still reaches it unchanged.
    /// </summary>
    /// <exception cref="InvalidOperationException">A checkpoint is given and no checkpoint key is configured.</exception>
    ValueTask<ChainVerificationResult> VerifyAsync(HashChainedLog log, ChainCheckpoint? checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Verifies <paramref name="log"/> against the latest checkpoint in the sink (the chain alone when there is none).</summary>
    ValueTask<ChainVerificationResult> VerifyAgainstLatestAsync(HashChainedLog log, CancellationToken cancellationToken = default);
}
