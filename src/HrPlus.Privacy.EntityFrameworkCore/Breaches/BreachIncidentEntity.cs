namespace HrPlus.Privacy.EntityFrameworkCore.Breaches;

/// <summary>A row of <c>hrplus_breach_incidents</c>.</summary>
public sealed class BreachIncidentEntity
{
    /// <summary>Gets or sets the incident id.</summary>
    public Guid Id { get; set; }

    /// <summary>Gets or sets when it was discovered (UTC).</summary>
    public DateTimeOffset DiscoveredAt { get; set; }

    /// <summary>Gets or sets when it was registered (UTC).</summary>
    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Gets or sets the description.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>Gets or sets the data category codes, comma-separated.</summary>
    public string DataCategories { get; set; } = string.Empty;

    /// <summary>Gets or sets the affected subjects' ids as a JSON array.</summary>
    public string AffectedSubjects { get; set; } = "[]";

    /// <summary>Gets or sets who registered it.</summary>
    public string ReportedBy { get; set; } = string.Empty;

    /// <summary>Gets or sets the authority deadline (UTC).</summary>
    public DateTimeOffset AuthorityDeadline { get; set; }

    /// <summary>Gets or sets when the authority was notified.</summary>
    public DateTimeOffset? AuthorityNotifiedAt { get; set; }

    /// <summary>Gets or sets the authority's reference.</summary>
    public string? AuthorityReference { get; set; }

    /// <summary>Gets or sets the subject notification attempts as a JSON array.</summary>
    public string SubjectNotifications { get; set; } = "[]";

    /// <summary>Gets or sets the optimistic concurrency version.</summary>
    public int Version { get; set; }
}
