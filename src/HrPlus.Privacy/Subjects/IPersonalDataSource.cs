namespace HrPlus.Privacy.Subjects;

/// <summary>
/// A place where the host keeps personal data about subjects (its pupils table, a file store): the SDK asks it for a
/// subject's data to export and tells it to delete a subject's rows on erasure. Register each with
/// <c>services.AddSingleton&lt;IPersonalDataSource, PupilDataSource&gt;()</c> (or scoped).
/// </summary>
/// <remarks>
/// Implementations return values decrypted for the subject (the export is the subject's copy of their own data) and
/// never log them. Erasure calls <see cref="EraseAsync"/> after the subject's keys are destroyed, so a failure here
/// leaves rows that can no longer be read rather than readable rows; a resumed erasure calls it again, so deleting
/// what is already gone must succeed (returning 0).
/// </remarks>
public interface IPersonalDataSource
{
    /// <summary>Gets a short stable name for the export document, e.g. <c>pupils</c>: lower-case letters, digits and dashes.</summary>
    string Name { get; }

    /// <summary>Gets every record about the subject, with values in plain text.</summary>
    ValueTask<IReadOnlyList<PersonalDataRecord>> ExportAsync(string subjectId, CancellationToken cancellationToken);

    /// <summary>Deletes every record about the subject.</summary>
    /// <returns>How many records were deleted.</returns>
    ValueTask<int> EraseAsync(string subjectId, CancellationToken cancellationToken);
}
