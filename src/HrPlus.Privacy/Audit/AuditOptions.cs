namespace HrPlus.Privacy.Audit;

/// <summary>Options of the audit trail (<c>PrivacyOptions.Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>
    /// Gets or sets the HMAC-SHA256 key that signs checkpoints: at least 32 bytes, kept where the database is not
    /// (configuration from a secret store, an environment variable). It signs the checkpoints of the audit trail and of
    /// the consent ledger. Null (the default) disables checkpoints: the checkpoint job says so once in the log.
    /// </summary>
    public byte[]? CheckpointKey { get; set; }

    /// <summary>
    /// Gets or sets how often the hosted checkpoint job verifies both hash-chained logs and writes a signed checkpoint
    /// of each to the <see cref="IChainCheckpointSink"/>; also once at start-up. Default 1 hour: a tail cut off after
    /// the latest checkpoint is detected by verification against it, so this bounds what can go unnoticed.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets the folder the default sink appends checkpoints to (<c>consent-ledger.checkpoints</c>,
    /// <c>audit-trail.checkpoints</c>). Null (the default) uses a folder <c>HrPlus.Privacy-Checkpoints</c> inside
    /// DataProtection's key folder, of this app alone (named like the default field key folder). Put it where the database's administrator and its backups cannot rewrite it.
    /// </summary>
    public string? CheckpointDirectory { get; set; }
}
