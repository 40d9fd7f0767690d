namespace HrPlus.Privacy.EntityFrameworkCore.Audit;

/// <summary>A row of <c>hrplus_audit_entries</c>: one entry of the hash-chained audit trail, only ever inserted.</summary>
public sealed class AuditEntryEntity : Storage.IChainRow
{
    /// <summary>Gets or sets the chain position (primary key).</summary>
    public long Sequence { get; set; }

    /// <summary>Gets or sets the entry id.</summary>
    public Guid EntryId { get; set; }

    /// <summary>Gets or sets when it happened (UTC).</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>Gets or sets the operation (<c>AuditOperation</c> as an integer).</summary>
    public int Operation { get; set; }

    /// <summary>Gets or sets the actor.</summary>
    public string Actor { get; set; } = string.Empty;

    /// <summary>Gets or sets the subject.</summary>
    public string? SubjectId { get; set; }

    /// <summary>Gets or sets the purpose.</summary>
    public string? Purpose { get; set; }

    /// <summary>Gets or sets the target.</summary>
    public string? Target { get; set; }

    /// <summary>Gets or sets the note.</summary>
    public string? Detail { get; set; }

    /// <summary>Gets or sets the previous entry's hash.</summary>
    public string PreviousHash { get; set; } = string.Empty;

    /// <summary>Gets or sets this entry's hash.</summary>
    public string Hash { get; set; } = string.Empty;
}
