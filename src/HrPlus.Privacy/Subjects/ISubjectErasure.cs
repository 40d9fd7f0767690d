namespace HrPlus.Privacy.Subjects;

/// <summary>Destruction of a subject's personal data (policy clause 1.1.9) and the retention query that says when it is due.</summary>
public interface ISubjectErasure
{
    /// <summary>
    /// Erases a subject as a recorded workflow. First a <c>Destroy</c> entry goes to the audit trail (the actor, the
    /// whole reason as its purpose), before anything is destroyed; then the subject's own keys are destroyed (so every
    /// copy of their ciphertexts can no longer be decrypted — see <c>FieldEncryptionOptions.PerSubjectKeys</c>), every
    /// registered <see cref="IPersonalDataSource"/> deletes the subject's records, and the subject's access-log records
    /// are deleted. Each step is saved in the erasure's <see cref="ErasureRecord"/> (<see cref="IErasureStore"/>): when
    /// a step fails or the process dies, calling this again resumes the same erasure without repeating a finished step.
    /// Erasing a subject erased already (and holding nothing new) returns the first erasure's result. The consent
    /// ledger, the disclosure log and the audit trail keep their entries: they name the subject by an opaque id only
    /// and are the operator's evidence.
    /// </summary>
    /// <exception cref="ArgumentException">A missing field, an IIN where an id belongs, or an over-long reason.</exception>
    /// <exception cref="KeyNotFoundException">Nothing was ever held about the subject; nothing is recorded.</exception>
    ValueTask<ErasureResult> EraseAsync(ErasureRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the subjects and purposes whose retention term (<see cref="SubjectOptions.RetentionTerms"/>) after the end
    /// of their consent has run out at <paramref name="at"/> (now when null) and whose erasure has not completed since,
    /// oldest due first.
    /// </summary>
    ValueTask<IReadOnlyList<RetentionDue>> GetDueForDestructionAsync(DateTimeOffset? at = null, CancellationToken cancellationToken = default);
}
