using HrPlus.Privacy.Changes;
using HrPlus.Privacy.Diagnostics;
using HrPlus.Privacy.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Tests.Changes;

public sealed class PrivacyChangeDispatcherTests
{
    [Fact]
    public async Task Post_NotificationsDuringAReload_AreFoldedIntoOneMoreReload()
    {
        var store = new GatedPolicyStore();
        var services = new ServiceCollection();
        services.AddSingleton(new PolicyRegistry(store, TimeProvider.System, Options.Create(new PrivacyOptions())));
        using var provider = services.BuildServiceProvider();
        using var metrics = new PrivacyMetrics(null);
        var dispatcher = new PrivacyChangeDispatcher(provider, metrics);

        dispatcher.Post(PrivacyChange.Policies);
        await store.FirstReadStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 5; i++)
        {
            dispatcher.Post(PrivacyChange.Policies);
        }

        store.Release.SetResult();
        await store.SecondReadDone.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(200);

        Assert.Equal(2, store.Reads);
    }

    private sealed class GatedPolicyStore : IPolicyStore
    {
        private int _reads;

        public TaskCompletionSource FirstReadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource SecondReadDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Reads => Volatile.Read(ref _reads);

        public async ValueTask<IReadOnlyList<PolicyVersion>> GetAllAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _reads) == 1)
            {
                FirstReadStarted.SetResult();
                await Release.Task;
            }
            else
            {
                SecondReadDone.TrySetResult();
            }

            return [];
        }

        public ValueTask<bool> TryAddAsync(PolicyVersion version, CancellationToken cancellationToken) => ValueTask.FromResult(false);
    }
}
