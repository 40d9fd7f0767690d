namespace HrPlus.Privacy.Audit;

/// <summary>
/// Checkpoints of the consent ledger and the audit trail, and verification against them. A checkpoint is an Ed25519
/// signed tree head (<see cref="SignedTreeHead"/>) over the log's RFC 9162 Merkle tree; kept outside the database (see
/// <see cref="ISignedTreeHeadSink"/>) it makes a deleted, truncated or re-hashed history detectable by anyone holding
/// the public keys. The hosted checkpoint job writes one per grown log every <see cref="AuditOptions.CheckpointInterval"/>.
/// </summary>
public interface IHashChainCheckpoints
{
    /// <summary>Verifies <paramref name="log"/> against the latest HMAC checkpoint in the same read and signs its head with the obsolete HMAC key.</summary>
    /// <exception cref="InvalidOperationException">No HMAC key is configured.</exception>
    /// <exception cref="CheckpointRefusedException">The log is broken or does not extend the latest HMAC checkpoint (nothing is signed).</exception>
    ValueTask<ChainCheckpoint> CreateAsync(HashChainedLog log, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies <paramref name="log"/> from its first entry and, when <paramref name="checkpoint"/> is given, its
    /// HMAC signature, that it is a checkpoint of this log, and that the log still reaches it unchanged.
    /// </summary>
    /// <exception cref="InvalidOperationException">A checkpoint is given and no HMAC key is configured.</exception>
    ValueTask<ChainVerificationResult> VerifyAsync(HashChainedLog log, ChainCheckpoint? checkpoint, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies <paramref name="log"/> against the latest signed tree head in the sink (its signature, and that the log's
    /// tree at the head's size has the head's root), then against the latest HMAC checkpoint where that key is set; the
    /// chain alone when there is none.
    /// </summary>
    ValueTask<ChainVerificationResult> VerifyAgainstLatestAsync(HashChainedLog log, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies <paramref name="log"/> against the latest signed tree head in the sink and, from that same read, signs
    /// its tree head now with the current checkpoint key. The head is returned, not written.
    /// </summary>
    /// <exception cref="CheckpointRefusedException">
    /// The log does not verify, is shorter than the latest head, has another root at the latest head's size, or the latest
    /// head's signature does not verify: nothing is signed.
    /// </exception>
    /// <exception cref="NotSupportedException">An implementation written before signed tree heads.</exception>
    ValueTask<SignedTreeHead> CreateTreeHeadAsync(HashChainedLog log, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This IHashChainCheckpoints implementation predates signed tree heads.");

    /// <summary>
    /// Gets the public keys of every checkpoint key, current and retired, oldest first: what an auditor, a parent or
    /// <see cref="SignedTreeHead.Verify"/> needs. Served anonymously at <c>GET {prefix}/evidence/keys</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">An implementation written before signed tree heads.</exception>
    ValueTask<IReadOnlyList<CheckpointPublicKey>> GetPublicKeysAsync(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This IHashChainCheckpoints implementation predates signed tree heads.");

    /// <summary>
    /// Retires the current checkpoint key (its public key stays published, valid until now) and makes a new one, which
    /// every instance adopts at its next checkpoint.
    /// </summary>
    /// <exception cref="NotSupportedException">An implementation written before signed tree heads.</exception>
    ValueTask<CheckpointPublicKey> RotateSigningKeyAsync(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This IHashChainCheckpoints implementation predates signed tree heads.");
}
