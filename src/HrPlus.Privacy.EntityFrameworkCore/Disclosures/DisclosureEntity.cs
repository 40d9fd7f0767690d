namespace HrPlus.Privacy.EntityFrameworkCore.Disclosures;

/// <summary>A row of <c>hrplus_disclosures</c>: one transfer to a state body, only ever inserted.</summary>
public sealed class DisclosureEntity
{
    /// <summary>Gets or sets the id.</summary>
    public Guid Id { get; set; }

    /// <summary>Gets or sets when the data was transferred (UTC).</summary>
    public DateTimeOffset DisclosedAt { get; set; }

    /// <summary>Gets or sets the same instant as microseconds since 1970-01-01 UTC, for portable range queries.</summary>
    public long DisclosedAtMicroseconds { get; set; }

    /// <summary>Gets or sets when it was recorded (UTC).</summary>
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>Gets or sets the recipient.</summary>
    public string Recipient { get; set; } = string.Empty;

    /// <summary>Gets or sets the legal basis.</summary>
    public string LegalBasis { get; set; } = string.Empty;

    /// <summary>Gets or sets the data category codes, comma-separated.</summary>
    public string DataCategories { get; set; } = string.Empty;

    /// <summary>Gets or sets who authorized it.</summary>
    public string AuthorizedBy { get; set; } = string.Empty;

    /// <summary>Gets or sets the subjects.</summary>
    public List<DisclosureSubjectEntity> Subjects { get; set; } = [];
}

/// <summary>A row of <c>hrplus_disclosure_subjects</c>: one subject of a disclosure (indexed for the subject's export).</summary>
public sealed class DisclosureSubjectEntity
{
    /// <summary>Gets or sets the disclosure id (key part).</summary>
    public Guid DisclosureId { get; set; }

    /// <summary>Gets or sets the subject id (key part).</summary>
    public string SubjectId { get; set; } = string.Empty;

    /// <summary>Gets or sets the subject's position in the disclosure's list.</summary>
    public int Position { get; set; }
}
