using HrPlus.Privacy.Audit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.AspNetCore.HealthChecks;

/// <summary>
/// The hash chains' verification and checkpoints: unhealthy when the last verification found a break, degraded when
/// the last verified checkpoint (or, before the first, the start) is more than two checkpoint intervals old, healthy
/// otherwise, including before the first round (nothing is late yet) and when checkpoints are not configured.
/// </summary>
internal sealed class ChainCheckpointHealthCheck(ChainCheckpointStatus status, TimeProvider time, IOptions<PrivacyOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var audit = options.Value.Audit;
        if (audit.CheckpointKey is null)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Chain checkpoints are not configured (PrivacyOptions.Audit.CheckpointKey)."));
        }

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

        var since = Min(status.LastVerifiedAt, status.LastCheckpointAt) ?? status.StartedAt;
        var age = time.GetUtcNow() - since;
        return Task.FromResult(age > 2 * audit.CheckpointInterval
            ? HealthCheckResult.Degraded($"The last chain verification and checkpoint are {age.TotalMinutes:F0} minutes old (interval {audit.CheckpointInterval.TotalMinutes:F0}).", data: data)
            : HealthCheckResult.Healthy("The hash chains were verified and checkpointed on time.", data));
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null || b is null ? null : a < b ? a : b;
}
