using HrPlus.Privacy.AspNetCore.Capture;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HrPlus.Privacy.AspNetCore.HealthChecks;

/// <summary>
/// The access-log queue is not dropping: degraded when records were dropped since the previous probe (queue full or
/// store failing), healthy otherwise, and healthy when request capture is not enabled.
/// </summary>
internal sealed class AccessLogHealthCheck(IServiceProvider services) : IHealthCheck
{
    private long _droppedAtLastProbe;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService(typeof(IAccessLogMonitor)) is not IAccessLogMonitor monitor)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Request capture is not enabled."));
        }

        var dropped = monitor.Dropped;
        var previous = Interlocked.Exchange(ref _droppedAtLastProbe, dropped);
        var data = new Dictionary<string, object>
        {
            ["enqueued"] = monitor.Enqueued,
            ["persisted"] = monitor.Persisted,
            ["dropped"] = dropped,
        };
        return Task.FromResult(dropped > previous
            ? HealthCheckResult.Degraded($"The access log dropped {dropped - previous} records since the previous check (queue full or store failing).", data: data)
            : HealthCheckResult.Healthy("The access log is not dropping records.", data));
    }
}
