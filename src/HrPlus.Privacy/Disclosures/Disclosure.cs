namespace HrPlus.Privacy.Disclosures;

/// <summary>A recorded transfer to a state body.</summary>
public sealed record Disclosure
{
    /// <summary>Gets the record's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets when the data was transferred.</summary>
    public required DateTimeOffset DisclosedAt { get; init; }

    /// <summary>Gets when it was recorded.</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>Gets the recipient body.</summary>
    public required string Recipient { get; init; }

    /// <summary>Gets the legal basis.</summary>
    public required string LegalBasis { get; init; }

    /// <summary>Gets the data categories.</summary>
    public required IReadOnlyList<string> DataCategories { get; init; }

    /// <summary>Gets the subjects' ids.</summary>
    public required IReadOnlyList<string> Subjects { get; init; }

    /// <summary>Gets who authorized it.</summary>
    public required string AuthorizedBy { get; init; }
}
