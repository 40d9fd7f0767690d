using HrPlus.Privacy.Pseudonymization;
using Microsoft.AspNetCore.Builder;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>Point 3 of issue 15: <see cref="IpAddressMode.None"/> records nothing of the address.</summary>
public sealed class ClientIpModeTests
{
    [Fact]
    public async Task ClientIpNone_StoresNoAddressNoNetworkPseudonym_AndNoIpStatistics()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/", () => "x"), o => o.Capture.ClientIp = IpAddressMode.None);

        (await app.Client.GetAsync("/")).Dispose();
        (await app.Client.GetAsync("/")).Dispose();
        await app.StopAsync();

        var records = await app.RecordsAsync();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Null(r.ClientIp));
        Assert.All(records, r => Assert.Null(r.NetworkPseudonym));
        Assert.Empty(await app.Store.QueryIpStatisticsAsync(DateOnly.MinValue, DateOnly.MaxValue, default));
    }

    [Fact]
    public async Task ClientIpTruncated_StillCountsIpStatistics()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/", () => "x"));

        (await app.Client.GetAsync("/")).Dispose();
        await app.StopAsync();

        var statistic = Assert.Single(await app.Store.QueryIpStatisticsAsync(DateOnly.MinValue, DateOnly.MaxValue, default));
        Assert.Equal(1, statistic.Requests);
        Assert.NotNull(Assert.Single(await app.RecordsAsync()).NetworkPseudonym);
    }
}
