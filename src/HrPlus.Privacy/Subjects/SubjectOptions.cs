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
}
