namespace HrPlus.Privacy.Audit;

/// <summary>The tamper-evident audit trail of processing operations (DESIGN section 9).</summary>
public interface IAuditTrail
{
    /// <summary>Appends an entry.</summary>
    /// <exception cref="ArgumentException">An empty or over-long actor, an IIN used as an id, or an over-long field.</exception>
    ValueTask<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>Gets the entries about a subject.</summary>
    ValueTask<IReadOnlyList<AuditEntry>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies the whole trail (against the latest signed tree head when there is one) and, from that same read, signs its
    /// head with the obsolete HMAC checkpoint key. Prefer <see cref="IHashChainCheckpoints.CreateTreeHeadAsync"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No HMAC checkpoint key is configured (<c>PrivacyOptions.Audit.CheckpointKey</c>).</exception>
    /// <exception cref="CheckpointRefusedException">The trail is broken or does not extend the latest checkpoint: nothing is signed.</exception>
    ValueTask<AuditCheckpoint> CreateCheckpointAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies the whole chain and, when <paramref name="checkpoint"/> is given, its signature and that the trail still
    /// reaches it unchanged.
    /// </summary>
    ValueTask<ChainVerificationResult> VerifyAsync(AuditCheckpoint? checkpoint = null, CancellationToken cancellationToken = default);
}
