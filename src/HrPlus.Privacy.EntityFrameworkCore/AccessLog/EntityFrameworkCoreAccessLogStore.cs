using HrPlus.Privacy.EntityFrameworkCore.Storage;
using HrPlus.Privacy.AccessLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.AccessLog;

/// <summary>
/// Keeps access records in <c>hrplus_access_records</c> and daily counts in <c>hrplus_ip_daily_statistics</c>; a
/// batch and its counts are written in one transaction. Counts are added with <c>UPDATE … SET Requests = Requests + n</c>,
/// so instances sharing the database never overwrite each other's increments.
/// </summary>
internal sealed class EntityFrameworkCoreAccessLogStore<TContext>(IServiceScopeFactory scopes) : IAccessLogStore
    where TContext : DbContext
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    public async ValueTask AppendAsync(IReadOnlyList<AccessRecord> records, IReadOnlyList<IpStatistic> statistics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(statistics);
        await using var call = StoreScope<TContext>.Open(scopes, "access_log", "append");
        var context = call.Context;
        var strategy = context.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(
            (context, records, statistics),
            async (_, state, ct) =>
            {
                var db = state.context;
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                db.Set<AccessRecordEntity>().AddRange(state.records.Select(ToEntity));
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
                foreach (var statistic in state.statistics)
                {
                    var updated = await db.Set<IpDailyStatisticEntity>()
                        .Where(s => s.Day == statistic.Day && s.Network == statistic.Network)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.Requests, x => x.Requests + statistic.Requests), ct)
                        .ConfigureAwait(false);
                    if (updated == 0)
                    {
                        // A concurrent insert of the same key fails the transaction; the writer retries the batch.
                        db.Add(new IpDailyStatisticEntity { Day = statistic.Day, Network = statistic.Network, Requests = statistic.Requests });
                        await db.SaveChangesAsync(ct).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(ct).ConfigureAwait(false);
                db.ChangeTracker.Clear();
                return true;
            },
            null,
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<AccessRecord>> QueryAsync(DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var start = Microseconds(from);
        var end = Microseconds(to);
        await using var call = StoreScope<TContext>.Open(scopes, "access_log", "query");
        return await NewestFirstAsync(call.Read<AccessRecordEntity>().Where(r => r.TimestampMicroseconds >= start && r.TimestampMicroseconds < end), limit, cancellationToken)
            .ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<IpStatistic>> QueryIpStatisticsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "access_log", "query_ip_statistics");
        var statistics = await call.Read<IpDailyStatisticEntity>()
            .Where(s => s.Day >= from && s.Day <= to)
            .MapToListAsync(s => new IpStatistic(s.Day, s.Network, s.Requests), cancellationToken)
            .ConfigureAwait(false);
        return [.. statistics.OrderBy(s => s.Day).ThenByDescending(s => s.Requests).ThenBy(s => s.Network, StringComparer.Ordinal)];
    }

    public async ValueTask<IReadOnlyList<AccessRecord>> QueryBySubjectAsync(string subjectPseudonym, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectPseudonym);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var call = StoreScope<TContext>.Open(scopes, "access_log", "query_by_subject");
        return await NewestFirstAsync(call.Read<AccessRecordEntity>().Where(r => r.SubjectPseudonym == subjectPseudonym), limit, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> DeleteBySubjectAsync(string subjectPseudonym, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectPseudonym);
        await using var call = StoreScope<TContext>.Open(scopes, "access_log", "delete_by_subject");
        return await call.Context.Set<AccessRecordEntity>()
            .Where(r => r.SubjectPseudonym == subjectPseudonym)
            .ExecuteDeleteAsync(cancellationToken)
            .ConfigureAwait(false);
    }

    // Newest first; of records with one timestamp, the last written first.
    private static ValueTask<IReadOnlyList<AccessRecord>> NewestFirstAsync(IQueryable<AccessRecordEntity> rows, int limit, CancellationToken cancellationToken) =>
        rows.OrderByDescending(r => r.TimestampMicroseconds).ThenByDescending(r => r.Id).Take(limit).MapToListAsync(ToRecord, cancellationToken);

    private static long Microseconds(DateTimeOffset value) => (value.UtcTicks - Epoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    private static AccessRecordEntity ToEntity(AccessRecord r) => new()
    {
        Timestamp = r.Timestamp,
        TimestampMicroseconds = Microseconds(r.Timestamp),
        ClientIp = r.ClientIp,
        NetworkPseudonym = r.NetworkPseudonym,
        Method = r.Method,
        Path = r.Path,
        Referer = r.Referer,
        UserAgent = r.UserAgent,
        CookieNames = string.Join('\n', r.CookieNames),
        StatusCode = r.StatusCode,
        DurationMilliseconds = r.DurationMilliseconds,
        SubjectPseudonym = r.SubjectPseudonym,
        CookieConsent = r.CookieConsent,
    };

    private static AccessRecord ToRecord(AccessRecordEntity r) => new()
    {
        Timestamp = r.Timestamp.ToUniversalTime(),
        ClientIp = r.ClientIp,
        NetworkPseudonym = r.NetworkPseudonym,
        Method = r.Method,
        Path = r.Path,
        Referer = r.Referer,
        UserAgent = r.UserAgent,
        CookieNames = r.CookieNames.Length == 0 ? [] : r.CookieNames.Split('\n'),
        StatusCode = r.StatusCode,
        DurationMilliseconds = r.DurationMilliseconds,
        SubjectPseudonym = r.SubjectPseudonym,
        CookieConsent = r.CookieConsent,
    };
}
