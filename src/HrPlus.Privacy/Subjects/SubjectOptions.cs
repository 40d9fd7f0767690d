namespace HrPlus.Privacy.Subjects;

/// <summary>Options of the data-subject obligations: retention terms and the destruction period.</summary>
public sealed class SubjectOptions
{
    /// <summary>
    /// Gets how long data collected for a purpose may be kept after the subject's consent to it ends (withdrawal or
    /// the end of its term), by purpose code. Default: empty, so nothing is ever reported as due. A purpose without
    /// an entry is not reported.
    /// </summary>
    public IDictionary<string, TimeSpan> RetentionTerms { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets how long the operator has to destroy data once it is due. Default: 1 day (Law 94-V gives the
    /// operator a working day once the grounds for processing end).
    /// </summary>
    public TimeSpan DestructionPeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets how often the SDK looks for erasures that were interrupted (the process died in the middle of
    /// <see cref="ISubjectErasure.EraseAsync"/>) and completes them, after the first look at start-up; one instance at a
    /// time does it, under the erasure store's lock. Default: 5 minutes. <see cref="Timeout.InfiniteTimeSpan"/> keeps the
    /// look at start-up only.
    /// </summary>
    public TimeSpan ErasureResumeInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how long an erasure may stay incomplete before the erasures health check reports it (degraded):
    /// longer than a few resumption passes means a source keeps failing. Default: 30 minutes.
    /// </summary>
    public TimeSpan IncompleteErasureAge { get; set; } = TimeSpan.FromMinutes(30);
}
