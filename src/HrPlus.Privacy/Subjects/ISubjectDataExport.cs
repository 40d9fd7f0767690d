namespace HrPlus.Privacy.Subjects;

/// <summary>The subject's access to their own data: one JSON document with everything held about them.</summary>
public interface ISubjectDataExport
{
    /// <summary>
    /// Writes the export of a subject as indented UTF-8 JSON: the host's records from every
    /// <see cref="IPersonalDataSource"/>, the consent history as receipts, the policy versions the subject accepted,
    /// blocks, access-log records, disclosures to state bodies and the audit entries about the subject. Appends an
    /// <c>Export</c> entry to the audit trail after the document is complete, with <paramref name="exportedBy"/> as its
    /// actor and <c>subject-access</c> (the subject's right of access) as its purpose.
    /// </summary>
    /// <param name="subjectId">The subject's opaque id.</param>
    /// <param name="exportedBy">Who asked for it: the subject's or an operator's opaque user id.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <exception cref="ArgumentException">An IIN or an otherwise invalid id.</exception>
    ValueTask<string> ExportAsync(string subjectId, string exportedBy, CancellationToken cancellationToken = default);
}
