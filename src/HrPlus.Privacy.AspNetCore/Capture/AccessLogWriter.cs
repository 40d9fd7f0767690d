using System.Diagnostics;
using HrPlus.Privacy.AccessLog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.AspNetCore.Capture;

/// <summary>
/// Reads the queue and writes batches to the <see cref="IAccessLogStore"/>, with the day's IP statistics. On
/// shutdown it stops the queue and drains it before the host's shutdown timeout runs out.
/// </summary>
internal sealed partial class AccessLogWriter(
    AccessLogQueue queue,
    AccessRecordFactory records,
    IAccessLogStore store,
    IOptions<PrivacyAspNetCoreOptions> options,
    IOptions<PrivacyOptions> privacyOptions,
    TimeProvider time,
    ILogger<AccessLogWriter> logger) : BackgroundService
{
    private const int MaxAttempts = 3;

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batchSize = options.Value.Capture.BatchSize;
        var flushInterval = options.Value.Capture.FlushInterval;
        var batch = new List<AccessRecord>(batchSize);
        var reader = queue.Reader;

        // Not cancelled by stoppingToken: the loop ends when the queue is completed and empty, so nothing queued is lost.
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (flushInterval > TimeSpan.Zero && reader.Count < batchSize && !stoppingToken.IsCancellationRequested)
            {
                // Let a batch gather; shutdown (stoppingToken) cuts the wait short so draining starts at once.
                try
                {
                    await Task.Delay(flushInterval, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            while (reader.TryRead(out var captured))
            {
                if (Build(captured) is not { } record)
                {
                    continue;
                }

                batch.Add(record);
                if (batch.Count == batchSize)
                {
                    await PersistAsync(batch).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await PersistAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }
        }
    }

    // The record is cut, escaped and pseudonymized here, off the request path; a failure drops that record only.
    private AccessRecord? Build(in CapturedRequest captured)
    {
        try
        {
            return records.Create(captured);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            queue.AddDropped(1);
            LogBuildFailed(logger, ex.GetType().Name);
            return null;
        }
    }

    private async Task PersistAsync(List<AccessRecord> batch)
    {
        var statistics = Statistics(batch, privacyOptions.Value.Consent.LocalUtcOffset);
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await store.AppendAsync(batch, statistics, CancellationToken.None).ConfigureAwait(false);
                queue.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                queue.AddPersisted(batch.Count);
                return;
            }
            catch (Exception ex) when (attempt < MaxAttempts && ex is not OutOfMemoryException)
            {
                LogRetry(logger, batch.Count, attempt, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), time).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The store keeps failing: count the batch as dropped and go on, so the request path never backs up.
                queue.AddDropped(batch.Count);
                LogDropped(logger, batch.Count, ex.GetType().Name);
                return;
            }
        }
    }

    internal static IpStatistic[] Statistics(List<AccessRecord> batch, TimeSpan localOffset)
    {
        // Plain loops: this runs for every batch on the writer's thread, which shares the cores with the requests.
        var counts = new Dictionary<(DateOnly Day, string Network), long>();
        var dayStart = DateTimeOffset.MinValue;
        var dayEnd = DateTimeOffset.MinValue;
        var day = default(DateOnly);
        foreach (var record in batch)
        {
            if (record.NetworkPseudonym is not { } network)
            {
                continue;
            }

            if (record.Timestamp < dayStart || record.Timestamp >= dayEnd)
            {
                var local = record.Timestamp.ToOffset(localOffset);
                day = DateOnly.FromDateTime(local.DateTime);
                dayStart = new DateTimeOffset(local.Date, localOffset);
                dayEnd = dayStart.AddDays(1);
            }

            var key = (day, network);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        var statistics = new IpStatistic[counts.Count];
        var i = 0;
        foreach (var ((d, n), requests) in counts)
        {
            statistics[i++] = new IpStatistic(d, n, requests);
        }

        return statistics;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Writing {Count} access records failed (attempt {Attempt}, {Error}); retrying.")]
    private static partial void LogRetry(ILogger logger, int count, int attempt, string error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "An access record could not be built ({Error}); it was dropped.")]
    private static partial void LogBuildFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Dropped {Count} access records: the store failed ({Error}).")]
    private static partial void LogDropped(ILogger logger, int count, string error);
}
