namespace HrPlus.Privacy.Encryption;

/// <summary>Options of field encryption and its key ring.</summary>
public sealed class FieldEncryptionOptions
{
    /// <summary>The smallest <see cref="KeyLifetime"/> accepted.</summary>
    public static readonly TimeSpan MinKeyLifetime = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets how long a new key encrypts before the next one takes over. Default: 30 days. At least
    /// one day.
    /// </summary>
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Gets or sets how long before the current key expires the next one is made. Default: 2 days. Must be
    /// shorter than <see cref="KeyLifetime"/>.
    /// </summary>
    public TimeSpan RolloverLeadTime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// Gets or sets how many encryptions all instances together, across restarts, make under one key before it rolls over
    /// to a new key. Default: 2^28, a sixteenth of the 2^32 that NIST SP 800-38D allows for random 96-bit nonces. Between 1
    /// and 2^32. Each instance reserves blocks of the count in the key's record before it uses them (1/64 of this bound, at
    /// most 2^20), so a restart forgets at most the unused part of one block and never counts from zero again.
    /// </summary>
    public long MaxEncryptionsPerKey { get; set; } = 1L << 28;

    /// <summary>
    /// Gets or sets how often the key ring reads the store again to see keys made, retired or destroyed by
    /// other instances. Default: 5 minutes. A ciphertext naming an unknown key triggers a read at once (at
    /// most one per <see cref="UnknownKeyRefreshInterval"/>).
    /// </summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets the least time between two store reads caused by ciphertexts naming unknown keys, so
    /// hostile input cannot turn into a flood of store reads. Default: 2 seconds.
    /// </summary>
    public TimeSpan UnknownKeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets whether values encrypted under a subject's context (<see cref="FieldContext.WithSubject"/>) use a key
    /// of that subject's own instead of the shared current key. Default: false. When on, erasing the subject
    /// (<c>ISubjectErasure.EraseAsync</c>) destroys the key, so every copy of the subject's ciphertexts — database
    /// backups included — becomes unreadable, while every other subject's values stay readable. Subject keys do not
    /// expire (a subject's few fields are far from any per-key limit); they live until the subject is erased. A restored
    /// copy of the key store (a database backup, with the EF key store) brings an erased subject's wrapped key back until
    /// the epoch key that wrapped it is destroyed: see <see cref="SubjectKeyEpoch"/> and <see cref="BackupRetention"/>.
    /// </summary>
    public bool PerSubjectKeys { get; set; }

    /// <summary>
    /// Gets or sets how long one epoch key wraps subject keys. Default: 1 day. At least one minute. With
    /// <see cref="PerSubjectKeys"/> on, every subject key is stored wrapped under the current epoch key (kept outside the
    /// database, see <see cref="EpochKeyDirectory"/>) and then by DataProtection; when an epoch ends a new epoch key is made
    /// and every live subject key is wrapped again under it. An erased subject's key is never carried into a new epoch.
    /// </summary>
    public TimeSpan SubjectKeyEpoch { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets how long after an epoch ends its epoch key is kept: set it to how long database backups are kept.
    /// Default: 30 days. Not negative. A restored backup younger than this decrypts every subject it holds; once an epoch
    /// key is destroyed, no backup taken while it was current can unwrap a subject key again, so a subject erased during
    /// that epoch stays erased in every restored backup, and a backup older than this restores without any per-subject
    /// value of that time. <c>ErasureResult.BackupsUnreadableAfter</c> states the moment for each erasure.
    /// </summary>
    public TimeSpan BackupRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Gets or sets the folder of the epoch keys that wrap subject keys. Default: null, meaning the folder
    /// <c>HrPlus.Privacy-EpochKeys</c> found like the default <see cref="KeyDirectory"/> (inside DataProtection's key folder,
    /// or a folder named by the application discriminator's hash in DataProtection's per-user default folder); with
    /// <c>UseInMemoryFieldKeys</c> the epoch keys are kept in memory too. Keep this folder out of the database and its
    /// backups, shared by every instance of the app, and back it up (if at all) for no longer than <see cref="BackupRetention"/>.
    /// </summary>
    /// <remarks>
    /// One JSON file per epoch key, wrapped by DataProtection, written crash-safely like the field key folder (0700, files
    /// 0600 on Unix). A destroyed epoch key leaves its metadata behind, so values under it fail with
    /// <see cref="FieldDecryptionFailureReason.KeyDestroyed"/>.
    /// </remarks>
    public string? EpochKeyDirectory { get; set; }

    /// <summary>
    /// Gets or sets the folder of the default file-system key store. Default: null, meaning the folder
    /// <c>HrPlus.Privacy-FieldKeys</c> inside DataProtection's key folder, which belongs to that key ring alone (DataProtection
    /// reads only the <c>*.xml</c> files at the top of its folder). When DataProtection keeps its keys elsewhere than a
    /// folder of its own (its per-user default folder, shared by every app of the user, or a database), the folder is
    /// <c>HrPlus.Privacy-FieldKeys-</c> plus 16 hex digits of a hash of the application discriminator, inside
    /// DataProtection's default key folder. Keys an earlier release kept beside DataProtection's folder move into it on
    /// the first start: exactly those that this app's DataProtection ring unwraps.
    /// </summary>
    /// <remarks>
    /// The folder is made readable by its owner only (0700 on Unix) and each key file likewise (0600). When set, keys stay
    /// in this folder and nothing moves.
    /// </remarks>
    public string? KeyDirectory { get; set; }

    /// <summary>
    /// Gets or sets which AES-256-GCM implementation encrypts and decrypts fields. Default: <see cref="FieldEncryptionEngine.Auto"/>,
    /// libsodium's where this CPU supports it (several times faster per field), otherwise the platform's. Both write the same
    /// bytes, so this can change at any time without touching stored values. Choose <see cref="FieldEncryptionEngine.Platform"/>
    /// where a FIPS-validated module is required; <see cref="FieldEncryptionEngine.Libsodium"/> fails start-up validation
    /// where it is not supported.
    /// </summary>
    public FieldEncryptionEngine Engine { get; set; }
}
