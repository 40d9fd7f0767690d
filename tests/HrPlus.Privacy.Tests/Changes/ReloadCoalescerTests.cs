using HrPlus.Privacy.Changes;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.Tests.Changes;

/// <summary>
/// A flood of reload requests costs one reload per interval: at most one running and one waiting, the next starting no
/// sooner than the interval after the previous ended, and every request followed by a reload that starts after it.
/// </summary>
public sealed class ReloadCoalescerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Request_WhenIdle_ReloadsAtOnce_WithoutWaitingForTheClock()
    {
        var (coalescer, reloads, _, _) = Build();

        coalescer.Request();

        await reloads.WaitForAsync(1);
    }

    [Fact]
    public async Task Request_ThousandsDuringAReload_OneMoreReload_OnlyAfterTheInterval()
    {
        var (coalescer, reloads, time, waits) = Build(gated: true);
        coalescer.Request();
        await reloads.WaitForStartAsync(1);
        for (var i = 0; i < 10_000; i++)
        {
            coalescer.Request();
        }

        reloads.ReleaseOne();
        await reloads.WaitForAsync(1);
        await waits.WaitForAsync(1);
        time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, reloads.Started);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await reloads.WaitForStartAsync(2);
        reloads.ReleaseOne();
        await reloads.WaitForAsync(2);

        // The 10,000 requests were all covered by the second reload: nothing more runs, however long we wait.
        time.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(100);
        Assert.Equal((2, 2), (reloads.Started, reloads.Completed));
    }

    [Fact]
    public async Task Request_SteadyFlood_OneReloadPerInterval_AndNothingAfterTheFloodEnds()
    {
        var (coalescer, reloads, time, waits) = Build();
        coalescer.Request();
        await reloads.WaitForAsync(1);

        // Four intervals of a request every 25 ms (fake time): one reload per interval, each after its interval.
        for (var cycle = 1; cycle <= 4; cycle++)
        {
            coalescer.Request();
            await waits.WaitForAsync(cycle);
            for (var step = 1; step < 10; step++)
            {
                time.Advance(TimeSpan.FromMilliseconds(25));
                coalescer.Request();
                Assert.Equal(cycle, reloads.Started);
            }

            time.Advance(TimeSpan.FromMilliseconds(25));
            await reloads.WaitForAsync(1 + cycle);
        }

        time.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(100);
        Assert.Equal((5, 5, 4), (reloads.Started, reloads.Completed, waits.Count));
    }

    [Fact]
    public async Task Request_AfterTheIntervalHasPassed_ReloadsAtOnce()
    {
        var (coalescer, reloads, time, _) = Build();
        coalescer.Request();
        await reloads.WaitForAsync(1);

        time.Advance(Interval);
        coalescer.Request();

        await reloads.WaitForAsync(2);
    }

    [Fact]
    public async Task Request_AReloadThatThrows_DoesNotStopLaterReloads()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var coalescer = new ReloadCoalescer(
            () => Interlocked.Increment(ref calls) == 1 ? Task.FromException(new IOException("store down")) : Task.CompletedTask,
            time,
            TimeSpan.Zero);

        coalescer.Request();
        await SpinAsync(() => Volatile.Read(ref calls) == 1);
        await Task.Delay(50);
        coalescer.Request();

        await SpinAsync(() => Volatile.Read(ref calls) == 2);
    }

    private static (ReloadCoalescer Coalescer, Reloads Reloads, FakeTimeProvider Time, Counter Waits) Build(bool gated = false)
    {
        var time = new FakeTimeProvider();
        var reloads = new Reloads(gated);
        var waits = new Counter();
        var coalescer = new ReloadCoalescer(reloads.RunAsync, time, Interval) { WaitStarted = waits.Increment };
        return (coalescer, reloads, time, waits);
    }

    private static async Task SpinAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Not reached within 30 s.");
            await Task.Delay(5);
        }
    }

    private sealed class Counter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Increment() => Interlocked.Increment(ref _count);

        public Task WaitForAsync(int count) => SpinAsync(() => Volatile.Read(ref _count) >= count);
    }

    private sealed class Reloads(bool gated)
    {
        private readonly SemaphoreSlim _gate = new(0);
        private int _started;
        private int _completed;
        private int _running;

        public int Started => Volatile.Read(ref _started);

        public int Completed => Volatile.Read(ref _completed);

        public async Task RunAsync()
        {
            // Never two at once: at most one in flight.
            Assert.Equal(1, Interlocked.Increment(ref _running));
            Interlocked.Increment(ref _started);
            if (gated)
            {
                await _gate.WaitAsync();
            }

            Interlocked.Decrement(ref _running);
            Interlocked.Increment(ref _completed);
        }

        public void ReleaseOne() => _gate.Release();

        public Task WaitForStartAsync(int count) => SpinAsync(() => Started >= count);

        public Task WaitForAsync(int count) => SpinAsync(() => Completed >= count);
    }
}
