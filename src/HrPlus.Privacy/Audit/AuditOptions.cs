namespace HrPlus.Privacy.Audit;

/// <summary>Options of the audit trail (<c>PrivacyOptions.Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>
    /// Gets or sets the HMAC-SHA256 key that signs checkpoints: at least 32 bytes, kept where the database is not
    /// (configuration from a secret store, an environment variable). Null (the default) disables checkpoints.
    /// </summary>
    public byte[]? CheckpointKey { get; set; }
}
