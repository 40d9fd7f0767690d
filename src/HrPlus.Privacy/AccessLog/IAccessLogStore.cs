namespace HrPlus.Privacy.AccessLog;

/// <summary>Persists access records and the daily IP statistics. Implementations: in memory and EF Core.</summary>
public interface IAccessLogStore
{
    /// <summary>
    /// Stores a batch of records and adds <paramref name="statistics"/> to the daily counts (creating rows as needed),
    /// in one transaction where the store has them.
    /// </summary>
    ValueTask AppendAsync(IReadOnlyList<AccessRecord> records, IReadOnlyList<IpStatistic> statistics, CancellationToken cancellationToken);

    /// <summary>Reads records with <paramref name="from"/> ≤ timestamp &lt; <paramref name="to"/>, newest first, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<AccessRecord>> QueryAsync(DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken);

    /// <summary>Reads the daily counts for <paramref name="from"/> to <paramref name="to"/> inclusive, by day and then by count descending.</summary>
    ValueTask<IReadOnlyList<IpStatistic>> QueryIpStatisticsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>Reads the records of one signed-in subject (by <see cref="AccessRecord.SubjectPseudonym"/>), newest first, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<AccessRecord>> QueryBySubjectAsync(string subjectPseudonym, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes the records of one subject (by <see cref="AccessRecord.SubjectPseudonym"/>); the daily IP counts are kept.</summary>
    /// <returns>How many records were deleted.</returns>
    ValueTask<int> DeleteBySubjectAsync(string subjectPseudonym, CancellationToken cancellationToken);
}
