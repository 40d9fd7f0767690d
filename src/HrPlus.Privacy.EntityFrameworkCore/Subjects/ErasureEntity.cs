namespace HrPlus.Privacy.EntityFrameworkCore.Subjects;

/// <summary>The row of an erasure's state (<see cref="HrPlus.Privacy.Subjects.ErasureRecord"/>).</summary>
public sealed class ErasureEntity
{
    /// <summary>Gets or sets the erasure's id.</summary>
    public Guid Id { get; set; }

    /// <summary>Gets or sets the subject's opaque id.</summary>
    public string SubjectId { get; set; } = string.Empty;

    /// <summary>Gets or sets who requested it.</summary>
    public string ErasedBy { get; set; } = string.Empty;

    /// <summary>Gets or sets why.</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>Gets or sets when it was requested (UTC).</summary>
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>Gets or sets the position of its <c>Destroy</c> audit entry, or null until appended.</summary>
    public long? AuditSequence { get; set; }

    /// <summary>Gets or sets how many live keys the subject had before the erasure destroyed any, or null.</summary>
    public int? KeysToDestroy { get; set; }

    /// <summary>Gets or sets how many keys it destroyed, or null until that step is done.</summary>
    public int? KeysDestroyed { get; set; }

    /// <summary>Gets or sets the records deleted per source, as a JSON object of counts by source name.</summary>
    public string RecordsDeleted { get; set; } = "{}";

    /// <summary>Gets or sets how many access-log records it deleted, or null until that step is done.</summary>
    public int? AccessRecordsDeleted { get; set; }

    /// <summary>Gets or sets when every step was done (UTC), or null.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Gets or sets whether the erasure is complete (a column, so the ones to resume are found by an index).</summary>
    public bool IsComplete { get; set; }
}
