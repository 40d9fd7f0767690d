using HrPlus.Privacy.AspNetCore.Capture;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace HrPlus.Privacy.AspNetCore.Tests.Capture;

/// <summary>The access log's crash window: what is queued is written by a graceful shutdown, and the gauge shows it meanwhile.</summary>
public sealed class AccessLogShutdownTests
{
    [Fact]
    public async Task GracefulShutdown_WritesEveryQueuedRecord_AndTheQueuedGaugeShowsThemUntilThen()
    {
        // A flush interval far longer than the test: nothing is written before the host stops.
        await using var app = await TestApp.StartAsync(a => a.MapGet("/page", () => "page"), o => o.Capture.FlushInterval = TimeSpan.FromMinutes(1));
        var queue = (AccessLogQueue)app.Services.GetRequiredService<IAccessLogMonitor>();
        using var queued = new MetricCollector<long>(app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), AccessLogQueue.MeterName, "hrplus.access_log.queued");

        for (var i = 0; i < 150; i++)
        {
            (await app.Client.GetAsync("page")).Dispose();
        }

        queued.RecordObservableInstruments();
        var exposed = queued.LastMeasurement!.Value;
        await app.StopAsync();

        Assert.Equal(150, app.Monitor.Enqueued);
        Assert.Equal(150, app.Monitor.Persisted);
        Assert.Equal(0, app.Monitor.Dropped);
        Assert.Equal(150, (await app.RecordsAsync()).Count);
        Assert.InRange(exposed, 1, 150);
        Assert.Equal(0, queue.Enqueued - queue.Persisted - queue.Dropped);
    }
}
