namespace HrPlus.Privacy.EntityFrameworkCore.Subjects;

/// <summary>The row of a subject block.</summary>
public sealed class SubjectBlockEntity
{
    /// <summary>Gets or sets the block's id.</summary>
    public Guid Id { get; set; }

    /// <summary>Gets or sets the subject's opaque id.</summary>
    public string SubjectId { get; set; } = string.Empty;

    /// <summary>Gets or sets why (no personal data).</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>Gets or sets <see cref="HrPlus.Privacy.Subjects.BlockRequester"/> as its number.</summary>
    public int Requester { get; set; }

    /// <summary>Gets or sets who recorded the block.</summary>
    public string BlockedBy { get; set; } = string.Empty;

    /// <summary>Gets or sets when it started (UTC).</summary>
    public DateTimeOffset BlockedAt { get; set; }

    /// <summary>Gets or sets when it ended (UTC), or null while active.</summary>
    public DateTimeOffset? UnblockedAt { get; set; }

    /// <summary>Gets or sets who ended it, or null.</summary>
    public string? UnblockedBy { get; set; }

    /// <summary>Gets or sets whether the block is in force (kept as a column so active blocks are found by an index).</summary>
    public bool IsActive { get; set; }
}
