namespace HrPlus.Privacy.Subjects;

/// <summary>A subject's data for a purpose whose retention term has run out.</summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="Purpose">The purpose code.</param>
/// <param name="ConsentEndedAt">When the consent ended: its withdrawal, or the end of its term.</param>
/// <param name="DueAt">When the retention term after that ended: from then on the data is due for destruction.</param>
/// <param name="DestroyBy">The latest time to destroy it: <paramref name="DueAt"/> plus <see cref="SubjectOptions.DestructionPeriod"/>.</param>
public sealed record RetentionDue(string SubjectId, string Purpose, DateTimeOffset ConsentEndedAt, DateTimeOffset DueAt, DateTimeOffset DestroyBy)
{
    /// <summary>Gets whether the destruction deadline has passed at <paramref name="at"/>.</summary>
    public bool IsOverdue(DateTimeOffset at) => at > DestroyBy;
}
