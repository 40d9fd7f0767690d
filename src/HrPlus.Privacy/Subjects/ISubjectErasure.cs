namespace HrPlus.Privacy.Subjects;

/// <summary>Destruction of a subject's personal data (policy clause 1.1.9) and the retention query that says when it is due.</summary>
public interface ISubjectErasure
{
    /// <summary>
    /// Erases a subject: destroys the subject's own keys (so every copy of their ciphertexts, backups included, can no
    /// longer be decrypted — see <c>FieldEncryptionOptions.PerSubjectKeys</c>), asks every registered
    /// <see cref="IPersonalDataSource"/> to delete the subject's records, deletes the subject's access-log records, and
    /// appends a <c>Destroy</c> entry to the audit trail. The consent ledger, the disclosure log and the audit trail
    /// keep their entries: they name the subject by an opaque id only and are the operator's evidence.
    /// </summary>
    /// <exception cref="ArgumentException">A missing field, or an IIN where an id belongs.</exception>
    ValueTask<ErasureResult> EraseAsync(ErasureRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the subjects and purposes whose retention term (<see cref="SubjectOptions.RetentionTerms"/>) after the end
    /// of their consent has run out at <paramref name="at"/> (now when null) and that have not been erased since,
    /// oldest due first.
    /// </summary>
    ValueTask<IReadOnlyList<RetentionDue>> GetDueForDestructionAsync(DateTimeOffset? at = null, CancellationToken cancellationToken = default);
}
