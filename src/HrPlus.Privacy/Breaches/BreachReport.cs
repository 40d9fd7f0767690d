namespace HrPlus.Privacy.Breaches;

/// <summary>A personal-data breach to register (policy clause 5.3). Describe it without personal data.</summary>
public sealed class BreachReport
{
    /// <summary>Gets when the operator discovered the breach; the authority deadline runs from here.</summary>
    public required DateTimeOffset DiscoveredAt { get; init; }

    /// <summary>Gets what happened, for the register and the authority: 1 to 4,000 characters, no personal data.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the categories of data concerned, as codes (<c>iin</c>, <c>full-name</c>, <c>assessment-result</c>).</summary>
    public IReadOnlyList<string> DataCategories { get; init; } = [];

    /// <summary>Gets the opaque ids of the subjects affected (never IINs).</summary>
    public IReadOnlyList<string> AffectedSubjects { get; init; } = [];

    /// <summary>Gets who registers it (opaque user id).</summary>
    public required string ReportedBy { get; init; }
}
