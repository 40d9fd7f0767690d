namespace HrPlus.Privacy.Subjects;

/// <summary>
/// The state of one erasure, saved by an <see cref="IErasureStore"/> after each step so an interrupted erasure resumes
/// where it stopped: requested (its <c>Destroy</c> audit entry, appended before anything is destroyed), the subject's
/// keys destroyed, each <see cref="IPersonalDataSource"/> emptied, the access log deleted, completed.
/// </summary>
public sealed record ErasureRecord
{
    /// <summary>Gets the erasure's id; the <c>Destroy</c> audit entry names it in its detail.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the subject's opaque id.</summary>
    public required string SubjectId { get; init; }

    /// <summary>Gets who requested the erasure.</summary>
    public required string ErasedBy { get; init; }

    /// <summary>Gets why (at most <see cref="ErasureRequest.MaxReasonLength"/> characters).</summary>
    public required string Reason { get; init; }

    /// <summary>Gets when it was requested (UTC).</summary>
    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>Gets the position of the <c>Destroy</c> audit entry, or null until it is appended.</summary>
    public long? AuditSequence { get; init; }

    /// <summary>Gets how many live keys of the subject there were before any was destroyed, or null until counted.</summary>
    public int? KeysToDestroy { get; init; }

    /// <summary>Gets how many of the subject's keys the erasure destroyed, or null until that step is done.</summary>
    public int? KeysDestroyed { get; init; }

    /// <summary>Gets the records deleted by each source done so far, by its name.</summary>
    public IReadOnlyDictionary<string, int> RecordsDeleted { get; init; } = new Dictionary<string, int>();

    /// <summary>Gets how many access-log records were deleted, or null until that step is done.</summary>
    public int? AccessRecordsDeleted { get; init; }

    /// <summary>Gets when every step was done (UTC), or null while the erasure is incomplete.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets whether every step is done.</summary>
    public bool IsComplete => CompletedAt is not null;
}
