using System.Net;
using System.Text.RegularExpressions;
using HrPlus.Privacy.Sample.Tests.Infrastructure;

namespace HrPlus.Privacy.Sample.Tests;

/// <summary>Operating the sample: /health, the metrics on the operator page, the daily IP chart.</summary>
public sealed partial class OperationsTests
{
    [Fact]
    public async Task Health_IsMapped_AndHealthyOnASeededApp()
    {
        await using var server = await SampleServer.StartAsync();

        var (status, body) = await server.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body);
    }

    [Fact]
    public async Task OperatorPage_ShowsTheMetrics_AndTheDailyChartWithTodaysRequests()
    {
        await using var server = await SampleServer.StartAsync();
        _ = await server.GetAsync("/?lang=en");

        // The access log writes every FlushInterval (200 ms in the sample): ask again until the request is counted, so a
        // busy machine that flushes late is not taken for a missing record.
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var counted = new Regex($"<title>{today} Requests: [1-9][0-9]*</title>");
        var html = string.Empty;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline && !counted.IsMatch(html);)
        {
            await Task.Delay(200);
            (_, html) = await server.GetAsync("/operator?lang=en");
        }

        Assert.Contains("<section id=\"metrics\"><h3>Metrics</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<code>hrplus.privacy.encryptions {engine=", html, StringComparison.Ordinal);
        Assert.Contains("<code>hrplus.access_log.enqueued</code>", html, StringComparison.Ordinal);
        Assert.Contains("<svg id=\"ip-chart\" role=\"img\"", html, StringComparison.Ordinal);
        Assert.Equal(16, BarPattern().Matches(html).Count);
        Assert.Matches(counted, html);
    }

    [GeneratedRegex("<rect class=\"bar\"")]
    private static partial Regex BarPattern();
}
