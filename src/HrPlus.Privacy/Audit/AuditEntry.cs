namespace HrPlus.Privacy.Audit;

/// <summary>One entry of the hash-chained audit trail.</summary>
public sealed record AuditEntry
{
    /// <summary>Gets the position, from 1 without gaps; 0 until the store appends it.</summary>
    public long Sequence { get; init; }

    /// <summary>Gets the entry's id.</summary>
    public required Guid EntryId { get; init; }

    /// <summary>Gets when it happened (UTC, whole microseconds).</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Gets the operation.</summary>
    public required AuditOperation Operation { get; init; }

    /// <summary>Gets who performed it.</summary>
    public required string Actor { get; init; }

    /// <summary>Gets the subject, or null.</summary>
    public string? SubjectId { get; init; }

    /// <summary>Gets the purpose, or null.</summary>
    public string? Purpose { get; init; }

    /// <summary>Gets what was touched, or null.</summary>
    public string? Target { get; init; }

    /// <summary>Gets the note, or null.</summary>
    public string? Detail { get; init; }

    /// <summary>Gets the previous entry's hash (64 zeros for the first); set by the store.</summary>
    public string PreviousHash { get; init; } = string.Empty;

    /// <summary>Gets this entry's hash; set by the store.</summary>
    public string Hash { get; init; } = string.Empty;
}
