namespace HrPlus.Privacy.Subjects;

/// <summary>What <see cref="ISubjectErasure.EraseAsync"/> needs: whose data, who decided, and why.</summary>
public sealed class ErasureRequest
{
    /// <summary>The longest <see cref="Reason"/> accepted, in characters.</summary>
    public const int MaxReasonLength = 256;

    /// <summary>Gets the subject's opaque id (never an IIN).</summary>
    public required string SubjectId { get; init; }

    /// <summary>Gets who performed the erasure (an operator's opaque user id, or <c>system:retention</c>).</summary>
    public required string ErasedBy { get; init; }

    /// <summary>
    /// Gets why, without personal data: e.g. <c>subject request 2026-17</c>, <c>retention term ended</c>; at most
    /// <see cref="MaxReasonLength"/> characters. Recorded as the audit entry's purpose.
    /// </summary>
    public required string Reason { get; init; }
}
