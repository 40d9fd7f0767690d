namespace HrPlus.Privacy.Audit;

/// <summary>Options of the audit trail (<c>PrivacyOptions.Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>
    /// Gets or sets the HMAC-SHA256 key of the first release's checkpoints: at least 32 bytes. Obsolete: whoever holds an
    /// HMAC key to verify can also forge, so it cannot be handed to an auditor. Checkpoints are now Ed25519 signed tree
    /// heads, on by default with a key kept in the field key store (see <see cref="IHashChainCheckpoints.CreateTreeHeadAsync"/>
    /// and <see cref="IHashChainCheckpoints.GetPublicKeysAsync"/>). Where it is still set, HMAC checkpoints keep being
    /// written beside the signed tree heads. Default: null.
    /// </summary>
    [Obsolete("HMAC checkpoints cannot be verified by an outsider without the power to forge them. Use the Ed25519 signed tree heads, on by default: IHashChainCheckpoints.CreateTreeHeadAsync and GetPublicKeysAsync.")]
    public byte[]? CheckpointKey { get; set; }

    /// <summary>
    /// Gets or sets how often the hosted checkpoint job verifies both hash-chained logs and, for each that grew, writes a
    /// signed tree head to the <see cref="ISignedTreeHeadSink"/>; also once at start-up, and for an unchanged log once a
    /// day. Default 10 minutes: a rewrite after the latest checkpoint cannot be told from new entries, so this bounds what
    /// can go unnoticed. The health check turns degraded when a log grew and its latest checkpoint is more than two intervals old.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets the folder the default sink appends checkpoints to (<c>consent-ledger.sth</c>, <c>audit-trail.sth</c>,
    /// and the HMAC <c>*.checkpoints</c> where that key is set). Null (the default) uses a folder <c>HrPlus.Privacy-Checkpoints</c> inside
    /// DataProtection's key folder, of this app alone (named like the default field key folder). Put it where the database's administrator and its backups cannot rewrite it.
    /// </summary>
    public string? CheckpointDirectory { get; set; }
}
