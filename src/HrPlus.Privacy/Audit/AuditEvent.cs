namespace HrPlus.Privacy.Audit;

/// <summary>What to append to the audit trail: who did what, to whose data, for which purpose — never the data itself.</summary>
public sealed class AuditEvent
{
    /// <summary>Gets the operation.</summary>
    public required AuditOperation Operation { get; init; }

    /// <summary>Gets who performed it: an opaque user id, a service name (<c>system:retention</c>); 1 to 128 characters, not an IIN.</summary>
    public required string Actor { get; init; }

    /// <summary>Gets the subject whose data it concerns (opaque id, not an IIN), or null.</summary>
    public string? SubjectId { get; init; }

    /// <summary>Gets the purpose code, legal basis or reason it was done for, or null; at most 1,000 characters.</summary>
    public string? Purpose { get; init; }

    /// <summary>Gets what it touched, e.g. <c>Pupil.Iin</c> or <c>export</c>, or null; at most 256 characters.</summary>
    public string? Target { get; init; }

    /// <summary>Gets a short free-text note for people, or null; at most 1,000 characters. Never put personal data here.</summary>
    public string? Detail { get; init; }
}
