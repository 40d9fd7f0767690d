using HrPlus.Privacy.Breaches;
using HrPlus.Privacy.Tool.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tool.Tests.Commands;

/// <summary><c>hrplus check [--strict]</c> as a process: a degraded health check passes, unless strict.</summary>
public sealed class CheckCommandTests
{
    [Fact]
    public async Task Check_ADegradedHealthCheck_PassesPlain_AndFailsStrict()
    {
        await using var data = await SampleData.CreateAsync();
        await using (var app = await data.OpenAsync())
        {
            // A breach the authority was not told of within one business day: the breaches check turns degraded.
            await app.Services.GetRequiredService<IBreachRegister>().RegisterAsync(new BreachReport
            {
                DiscoveredAt = DateTimeOffset.UtcNow.AddDays(-10),
                Description = "A lost laptop with an export",
                ReportedBy = "ops-erlan",
            });
        }

        var plain = await data.RunAsync("check", "--json");
        var strict = await data.RunAsync("check", "--strict", "--json");
        var strictText = await data.RunAsync("check", "--strict");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(plain.Json().GetProperty("passed").GetBoolean());
        var breaches = plain.Json().GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "hrplus-privacy-breaches");
        Assert.Equal("Degraded", breaches.GetProperty("status").GetString());
        Assert.True(strict.ExitCode == 1, strict.ToString());
        Assert.False(strict.Json().GetProperty("passed").GetBoolean());
        Assert.Equal(1, strictText.ExitCode);
        Assert.Contains("Check failed.", strictText.Stdout);
    }
}
