namespace HrPlus.Privacy.Subjects;

/// <summary>A block on a subject's data, active until <see cref="UnblockedAt"/> is set.</summary>
public sealed record SubjectBlock
{
    /// <summary>The longest <see cref="Reason"/> accepted, in characters.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>Gets the block's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the subject's opaque id.</summary>
    public required string SubjectId { get; init; }

    /// <summary>Gets why (no personal data): e.g. "accuracy disputed by the parent, request 2026-41".</summary>
    public required string Reason { get; init; }

    /// <summary>Gets who asked for it.</summary>
    public required BlockRequester Requester { get; init; }

    /// <summary>Gets who recorded it (opaque user id).</summary>
    public required string BlockedBy { get; init; }

    /// <summary>Gets when it started.</summary>
    public required DateTimeOffset BlockedAt { get; init; }

    /// <summary>Gets when it ended, or null while active.</summary>
    public DateTimeOffset? UnblockedAt { get; init; }

    /// <summary>Gets who ended it, or null.</summary>
    public string? UnblockedBy { get; init; }

    /// <summary>Gets whether the block is in force.</summary>
    public bool IsActive => UnblockedAt is null;
}
