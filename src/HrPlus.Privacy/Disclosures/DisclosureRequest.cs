namespace HrPlus.Privacy.Disclosures;

/// <summary>A transfer of personal data to a state body (policy clause 5.2: only where a law requires it) to record.</summary>
public sealed class DisclosureRequest
{
    /// <summary>Gets the recipient body, e.g. "Department of Education of Almaty"; 1 to 256 characters.</summary>
    public required string Recipient { get; init; }

    /// <summary>Gets the legal basis: the law and article, the request's number and date; 1 to 512 characters.</summary>
    public required string LegalBasis { get; init; }

    /// <summary>Gets the data categories transferred, as codes (<c>full-name</c>, <c>iin</c>).</summary>
    public required IReadOnlyList<string> DataCategories { get; init; }

    /// <summary>Gets the opaque ids of the subjects whose data was transferred (never IINs); at least one.</summary>
    public required IReadOnlyList<string> Subjects { get; init; }

    /// <summary>Gets who authorized the transfer (opaque user id).</summary>
    public required string AuthorizedBy { get; init; }

    /// <summary>Gets when the data was transferred; now when null. Never in the future.</summary>
    public DateTimeOffset? DisclosedAt { get; init; }
}
