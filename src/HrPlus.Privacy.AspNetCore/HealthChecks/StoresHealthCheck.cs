using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Subjects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HrPlus.Privacy.AspNetCore.HealthChecks;

/// <summary>
/// The stores answer: one read each of the field key store, the policy store and the block store (a store that was never
/// configured is skipped, not failed). Unhealthy when any read throws; the data names which.
/// </summary>
internal sealed class StoresHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        var failed = new List<string>();
        Exception? first = null;
        foreach (var (name, read) in Reads())
        {
            try
            {
                await read(cancellationToken).ConfigureAwait(false);
                data[name] = "reachable";
            }
            catch (StoreNotConfiguredException)
            {
                data[name] = "not configured";
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
            {
                data[name] = "unreachable";
                failed.Add(name);
                first ??= ex;
            }
        }

        return failed.Count == 0
            ? HealthCheckResult.Healthy("The privacy stores are reachable.", data)
            : HealthCheckResult.Unhealthy($"Unreachable privacy stores: {string.Join(", ", failed)}.", first, data);
    }

    private IEnumerable<(string Name, Func<CancellationToken, Task> Read)> Reads()
    {
        yield return ("keys", async ct => await Resolve<IFieldKeyStore>().GetAllAsync(ct).ConfigureAwait(false));
        yield return ("policies", async ct => await Resolve<IPolicyStore>().GetAllAsync(ct).ConfigureAwait(false));
        yield return ("blocks", async ct => await Resolve<IBlockStore>().GetActiveAsync(ct).ConfigureAwait(false));
    }

    private T Resolve<T>()
        where T : class
    {
        try
        {
            return services.GetRequiredService<T>();
        }
        catch (InvalidOperationException)
        {
            throw new StoreNotConfiguredException();
        }
    }

    private sealed class StoreNotConfiguredException : Exception;
}
