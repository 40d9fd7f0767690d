using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.AspNetCore.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task UsePrivacyCapture_WithoutAddHrPlusPrivacy_SaysWhatToAdd()
    {
        await using var app = Build(_ => { });

        var error = Assert.Throws<InvalidOperationException>(() => app.UsePrivacyCapture());

        Assert.Contains("services.AddHrPlusPrivacy().AddAspNetCore()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapPrivacyEndpoints_WithoutAddAspNetCore_SaysWhatToAdd()
    {
        await using var app = Build(s => s.AddHrPlusPrivacy().UseInMemoryFieldKeys().UseInMemoryStores());

        var error = Assert.Throws<InvalidOperationException>(() => app.MapPrivacyEndpoints("/privacy"));

        Assert.Contains(".AddAspNetCore()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsePrivacyCapture_WithoutAStore_SaysWhichStoresExist()
    {
        await using var app = Build(s => s.AddHrPlusPrivacy().UseInMemoryFieldKeys().AddAspNetCore());

        var error = Assert.Throws<InvalidOperationException>(() => app.UsePrivacyCapture());

        Assert.Contains("IAccessLogStore", error.Message, StringComparison.Ordinal);
        Assert.Contains("UseEntityFrameworkCoreStores<TContext>()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidOptions_FailAtStart()
    {
        await using var app = Build(s => s.AddHrPlusPrivacy().UseInMemoryFieldKeys().UseInMemoryStores().AddAspNetCore(o => o.Capture.QueueCapacity = 0));

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("QueueCapacity", error.Message, StringComparison.Ordinal);
    }

    private static WebApplication Build(Action<IServiceCollection> services)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services(builder.Services);
        return builder.Build();
    }
}
