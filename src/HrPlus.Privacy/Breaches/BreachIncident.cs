namespace HrPlus.Privacy.Breaches;

/// <summary>A registered breach and where its notifications stand.</summary>
public sealed record BreachIncident
{
    /// <summary>Gets the incident id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets when it was discovered.</summary>
    public required DateTimeOffset DiscoveredAt { get; init; }

    /// <summary>Gets when it was registered.</summary>
    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>Gets the description.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the data categories concerned.</summary>
    public required IReadOnlyList<string> DataCategories { get; init; }

    /// <summary>Gets the affected subjects' ids.</summary>
    public required IReadOnlyList<string> AffectedSubjects { get; init; }

    /// <summary>Gets who registered it.</summary>
    public required string ReportedBy { get; init; }

    /// <summary>Gets by when the authorised body must be notified: one business day after discovery.</summary>
    public required DateTimeOffset AuthorityDeadline { get; init; }

    /// <summary>Gets when the authorised body was notified, or null.</summary>
    public DateTimeOffset? AuthorityNotifiedAt { get; init; }

    /// <summary>Gets the authority's reference for the notification, or null.</summary>
    public string? AuthorityReference { get; init; }

    /// <summary>Gets the notifications sent to subjects, one per attempt.</summary>
    public IReadOnlyList<SubjectNotification> SubjectNotifications { get; init; } = [];

    /// <summary>Tells whether the authority deadline has passed at <paramref name="at"/> without a notification.</summary>
    public bool IsOverdue(DateTimeOffset at) => AuthorityNotifiedAt is null && at > AuthorityDeadline;
}

/// <summary>One attempt to notify an affected subject.</summary>
/// <param name="SubjectId">The subject's id.</param>
/// <param name="At">When it was attempted.</param>
/// <param name="Delivered">Whether the host's notifier reported it delivered.</param>
public sealed record SubjectNotification(string SubjectId, DateTimeOffset At, bool Delivered);
