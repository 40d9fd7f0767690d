namespace HrPlus.Privacy.AccessLog;

/// <summary>Keeps access records and IP statistics in process memory; for tests and demos.</summary>
public sealed class InMemoryAccessLogStore : IAccessLogStore
{
    private readonly Lock _lock = new();
    private readonly List<AccessRecord> _records = [];
    private readonly Dictionary<(DateOnly Day, string Network), long> _statistics = [];

    /// <inheritdoc/>
    public ValueTask AppendAsync(IReadOnlyList<AccessRecord> records, IReadOnlyList<IpStatistic> statistics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(statistics);
        lock (_lock)
        {
            _records.AddRange(records);
            foreach (var statistic in statistics)
            {
                var key = (statistic.Day, statistic.Network);
                _statistics[key] = _statistics.GetValueOrDefault(key) + statistic.Requests;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<AccessRecord>> QueryAsync(DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<AccessRecord>>(
                [.. _records.Where(r => r.Timestamp >= from && r.Timestamp < to).OrderByDescending(r => r.Timestamp).Take(limit)]);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<IpStatistic>> QueryIpStatisticsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<IpStatistic>>(
                [.. _statistics.Where(s => s.Key.Day >= from && s.Key.Day <= to)
                    .Select(s => new IpStatistic(s.Key.Day, s.Key.Network, s.Value))
                    .OrderBy(s => s.Day).ThenByDescending(s => s.Requests).ThenBy(s => s.Network, StringComparer.Ordinal)]);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<AccessRecord>> QueryBySubjectAsync(string subjectPseudonym, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectPseudonym);
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<AccessRecord>>(
                [.. _records.Where(r => r.SubjectPseudonym == subjectPseudonym).OrderByDescending(r => r.Timestamp).Take(limit)]);
        }
    }

    /// <inheritdoc/>
    public ValueTask<int> DeleteBySubjectAsync(string subjectPseudonym, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectPseudonym);
        lock (_lock)
        {
            return ValueTask.FromResult(_records.RemoveAll(r => r.SubjectPseudonym == subjectPseudonym));
        }
    }
}
