using HrPlus.Privacy.Subjects;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.AspNetCore.HealthChecks;

/// <summary>
/// Erasures still incomplete <see cref="SubjectOptions.IncompleteErasureAge"/> after they were requested: degraded while
/// any is (the SDK resumes interrupted erasures by itself, so one that stays incomplete has a step that keeps failing);
/// unhealthy when the erasure store cannot be read.
/// </summary>
internal sealed class ErasureHealthCheck(IServiceProvider services, TimeProvider time, IOptions<PrivacyOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IErasureStore store;
        try
        {
            store = (IErasureStore)services.GetService(typeof(IErasureStore))!;
        }
        catch (InvalidOperationException)
        {
            return HealthCheckResult.Healthy("No erasure store is configured.");
        }

        try
        {
            var incomplete = await store.GetIncompleteAsync(cancellationToken).ConfigureAwait(false);
            var age = options.Value.Subjects.IncompleteErasureAge;
            var now = time.GetUtcNow();
            var stalled = incomplete.Where(r => now - r.RequestedAt >= age).ToList();
            var data = new Dictionary<string, object> { ["incomplete"] = incomplete.Count, ["stalled"] = stalled.Count };
            if (stalled.Count == 0)
            {
                return HealthCheckResult.Healthy($"No erasure has been incomplete for {age} or longer.", data);
            }

            data["oldestRequestedAt"] = stalled.Min(r => r.RequestedAt);
            return HealthCheckResult.Degraded(
                $"{stalled.Count} erasures have been incomplete for {age} or longer: a step keeps failing on resume (see log events 1043 and 1045).",
                data: data);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The erasure store could not be read.", ex);
        }
    }
}
