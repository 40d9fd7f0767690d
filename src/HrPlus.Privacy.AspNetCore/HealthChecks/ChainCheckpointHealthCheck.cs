using HrPlus.Privacy.Audit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.AspNetCore.HealthChecks;

/// <summary>
/// The hash chains' verification and checkpoints: unhealthy when the last round refused a checkpoint (a break, a log that
/// does not extend its latest checkpoint), degraded when the last intact verification (or, before the first, the start)
/// is more than two checkpoint intervals old, healthy otherwise, including before the first round (nothing is late yet).
/// Checkpoints are always on; an unchanged log is not signed again, so an old checkpoint alone is no sign of trouble.
/// </summary>
internal sealed class ChainCheckpointHealthCheck(ChainCheckpointStatus status, TimeProvider time, IOptions<PrivacyOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
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
            return Task.FromResult(HealthCheckResult.Unhealthy($"The last verification of the {broken} found a break in its hash chain.", data: data));
        }

        var since = status.LastVerifiedAt ?? status.StartedAt;
        var age = time.GetUtcNow() - since;
        return Task.FromResult(age > 2 * audit.CheckpointInterval
            ? HealthCheckResult.Degraded($"The last chain verification is {age.TotalMinutes:F0} minutes old (interval {audit.CheckpointInterval.TotalMinutes:F0}): the logs may have grown without a checkpoint.", data: data)
            : HealthCheckResult.Healthy("The hash chains were verified and checkpointed on time.", data));
    }
}
