namespace HrPlus.Privacy.Subjects;

/// <summary>What an erasure did.</summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="ErasedAt">When.</param>
/// <param name="KeysDestroyed">How many of the subject's own keys were destroyed (0 when per-subject keys are off or the subject had none).</param>
/// <param name="RecordsDeleted">Records deleted by each <see cref="IPersonalDataSource"/>, by its name.</param>
/// <param name="AccessRecordsDeleted">Access-log records of the subject deleted.</param>
/// <param name="AuditSequence">The position of the <c>Destroy</c> entry in the audit trail.</param>
public sealed record ErasureResult(
    string SubjectId,
    DateTimeOffset ErasedAt,
    int KeysDestroyed,
    IReadOnlyDictionary<string, int> RecordsDeleted,
    int AccessRecordsDeleted,
    long AuditSequence)
{
    /// <summary>
    /// Gets the moment after which no restored database backup, not even one taken before the erasure, can decrypt the
    /// subject's values: when the last epoch key that wrapped the subject's key is destroyed
    /// (<see cref="Encryption.FieldEncryptionOptions.SubjectKeyEpoch"/> plus <see cref="Encryption.FieldEncryptionOptions.BackupRetention"/>
    /// at most after the erasure, provided an instance of the app runs then; otherwise at its next start). Until then a
    /// restored backup taken before the erasure brings the subject's values back. Null when the subject had no key of their
    /// own (their values, if any, are under shared keys that restored backups keep readable) or when no epoch key store is
    /// configured.
    /// </summary>
    public DateTimeOffset? BackupsUnreadableAfter { get; init; }

    /// <summary>
    /// Gets whether the erasure touched nothing the app holds: no key of the subject was destroyed and no
    /// <see cref="IPersonalDataSource"/> deleted a record (access-log records do not count). The erasure is recorded all the
    /// same, and a warning is logged. Usually the id is not the one the data is held under: ids are compared exactly
    /// (ordinal), so an upper-case GUID or an id with extra spaces is a different subject from the lower-case GUID the
    /// rows hold; or the data was deleted before the erasure.
    /// </summary>
    public bool NothingErased { get; init; }
}
