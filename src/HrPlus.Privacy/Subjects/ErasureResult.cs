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
    long AuditSequence);
