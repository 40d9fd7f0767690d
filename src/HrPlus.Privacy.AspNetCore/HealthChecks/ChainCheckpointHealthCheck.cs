using HrPlus.Privacy.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.AspNetCore.HealthChecks;

/// <summary>
/// The hash chains' checkpoints: unhealthy when the last round refused a checkpoint (a break, a log that does not extend
/// its latest checkpoint); degraded when a log grew since its latest checkpoint and that checkpoint (or, before the first,
/// this instance's start) is more than two checkpoint intervals old; healthy otherwise. An unchanged log is not signed
/// again (except a daily heartbeat), so an old checkpoint of an unchanged log is no sign of trouble.
/// </summary>
/// <remarks>
/// The latest checkpoint is read from the sink at each probe. How far a log grew: the audit trail's head is read from its
/// store; the consent ledger (which has no cheap head query) by the size the checkpoint job last read, so a round whose
/// checkpoint could not be written still shows.
/// </remarks>
internal sealed class ChainCheckpointHealthCheck(ChainCheckpointStatus status, IServiceProvider services, TimeProvider time, IOptions<PrivacyOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var audit = options.Value.Audit;
        var data = new Dictionary<string, object>();
        if (status.LastVerifiedAt is { } verified)
        {
            data["last_verified_at"] = verified;
        }

        if (status.LastCheckpointAt is { } written)
        {
            data["last_checkpoint_at"] = written;
        }

        if (status.BrokenLog is { } broken)
        {
            data["broken_log"] = broken;
            return HealthCheckResult.Unhealthy($"The last checkpoint round of the {broken} refused to sign: it does not verify against its latest checkpoint.", data: data);
        }

        ISignedTreeHeadSink? sink;
        try
        {
            sink = services.GetService<ISignedTreeHeadSink>();
        }
        catch (InvalidOperationException)
        {
            // No place for checkpoints (the job says so each round): a log that grows is late from this instance's start.
            sink = null;
        }

        var now = time.GetUtcNow();
        foreach (var log in new[] { HashChainedLog.ConsentLedger, HashChainedLog.AuditTrail })
        {
            var name = ChainCheckpoint.NameOf(log);
            var latest = sink is null ? null : await sink.ReadLatestAsync(log, cancellationToken).ConfigureAwait(false);
            var size = status.ObservedSize(name) ?? 0;
            if (log == HashChainedLog.AuditTrail && services.GetService<IAuditStore>() is { } store
                && await store.GetHeadAsync(cancellationToken).ConfigureAwait(false) is { } head)
            {
                size = Math.Max(size, head.Sequence);
            }

            var checkpointSize = latest?.TreeSize ?? 0;
            var age = now - (latest?.Timestamp ?? status.StartedAt);
            if (size > checkpointSize && age > 2 * audit.CheckpointInterval)
            {
                data["late_log"] = name;
                data["log_size"] = size;
                data["checkpoint_size"] = checkpointSize;
                return HealthCheckResult.Degraded(
                    $"The {name} grew to {size} entries since its latest checkpoint (size {checkpointSize}), which is {age.TotalMinutes:F0} minutes old (interval {audit.CheckpointInterval.TotalMinutes:F0}): a checkpoint is late.",
                    data: data);
            }
        }

        return HealthCheckResult.Healthy("Every log is covered by a checkpoint, or grew less than two checkpoint intervals ago.", data);
    }
}
