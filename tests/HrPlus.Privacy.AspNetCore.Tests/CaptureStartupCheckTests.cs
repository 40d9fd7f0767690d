using HrPlus.Privacy.AspNetCore.Cookies;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HrPlus.Privacy.AspNetCore.Tests;

public sealed class CaptureStartupCheckTests
{
    [Fact]
    public async Task Start_WithAnalyticsCookieButNoUsePrivacyCapture_WarnsWithTheFix()
    {
        var logs = await StartAsync(o => o.Cookies.Register("_ga", CookieCategory.Analytics, "statistics"), useCapture: false);

        var warning = Assert.Single(logs, r => r.Id.Id == 2005);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("cookie consent (1 optional cookies registered)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Add app.UsePrivacyCapture()", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithCaptureOptionsButNoUsePrivacyCapture_Warns()
    {
        var logs = await StartAsync(o => o.Capture.ClientIp = IpAddressMode.Pseudonymized, useCapture: false);

        var warning = Assert.Single(logs, r => r.Id.Id == 2005);
        Assert.Contains("request capture", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithUsePrivacyCapture_DoesNotWarn()
    {
        var logs = await StartAsync(o => o.Cookies.Register("_ga", CookieCategory.Analytics, "statistics"), useCapture: true);

        Assert.DoesNotContain(logs, r => r.Id.Id == 2005);
    }

    [Fact]
    public async Task Start_WithDefaultOptionsAndNoUsePrivacyCapture_DoesNotWarn()
    {
        var logs = await StartAsync(_ => { }, useCapture: false);

        Assert.DoesNotContain(logs, r => r.Id.Id == 2005);
    }

    private static async Task<IReadOnlyList<FakeLogRecord>> StartAsync(Action<PrivacyAspNetCoreOptions> options, bool useCapture)
    {
        var collector = new FakeLogCollector();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new FakeLoggerProvider(collector));
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddHrPlusPrivacy().UseInMemoryFieldKeys().UseInMemoryStores().AddAspNetCore(options);
        await using var app = builder.Build();
        if (useCapture)
        {
            app.UsePrivacyCapture();
        }

        app.MapGet("/", () => "ok");
        await app.StartAsync();
        await app.StopAsync();
        return collector.GetSnapshot();
    }
}
