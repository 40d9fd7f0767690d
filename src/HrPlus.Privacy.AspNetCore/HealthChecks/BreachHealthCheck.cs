using HrPlus.Privacy.Breaches;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HrPlus.Privacy.AspNetCore.HealthChecks;

/// <summary>Breach incidents whose notification deadline passed: degraded while any is overdue; unhealthy when the register cannot be read.</summary>
internal sealed class BreachHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IBreachRegister register;
        try
        {
            register = (IBreachRegister)services.GetService(typeof(IBreachRegister))!;
        }
        catch (InvalidOperationException)
        {
            return HealthCheckResult.Healthy("No breach store is configured.");
        }

        try
        {
            var overdue = await register.GetOverdueAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var data = new Dictionary<string, object> { ["overdue"] = overdue.Count };
            return overdue.Count == 0
                ? HealthCheckResult.Healthy("No breach notification is overdue.", data)
                : HealthCheckResult.Degraded($"{overdue.Count} breach incidents are past their notification deadline.", data: data);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The breach register could not be read.", ex);
        }
    }
}
