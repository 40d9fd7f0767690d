namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>Where an <see cref="Microsoft.EntityFrameworkCore.EncryptedDataMigrationExtensions"/> run stands, reported after each batch.</summary>
/// <param name="Entity">The entity type being migrated.</param>
/// <param name="RowsUpdated">Rows written so far in this run (each at most once).</param>
/// <param name="ValuesEncrypted">Plaintext values encrypted so far.</param>
/// <param name="ValuesReencrypted">Values moved from an older key to the current key so far.</param>
/// <param name="RowsFailed">Rows left alone because a value in them could not be decrypted (tampered, unknown or destroyed key).</param>
public sealed record EncryptionMigrationProgress(string Entity, long RowsUpdated, long ValuesEncrypted, long ValuesReencrypted, long RowsFailed);
