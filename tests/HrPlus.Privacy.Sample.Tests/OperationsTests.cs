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

        // The access log writes every FlushInterval (200 ms in the sample).
        await Task.Delay(600);

        var (_, html) = await server.GetAsync("/operator?lang=en");

        Assert.Contains("<section id=\"metrics\"><h3>Metrics</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<code>hrplus.privacy.encryptions {engine=", html, StringComparison.Ordinal);
        Assert.Contains("<code>hrplus.access_log.enqueued</code>", html, StringComparison.Ordinal);
        Assert.Contains("<svg id=\"ip-chart\" role=\"img\"", html, StringComparison.Ordinal);
        Assert.Equal(16, BarPattern().Matches(html).Count);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches($"<title>{today} Requests: [1-9][0-9]*</title>", html);
    }

    [GeneratedRegex("<rect class=\"bar\"")]
    private static partial Regex BarPattern();
}
