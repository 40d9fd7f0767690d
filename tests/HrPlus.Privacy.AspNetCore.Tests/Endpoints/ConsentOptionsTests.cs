using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.AspNetCore.Tests.Endpoints;

/// <summary>The consent routes need the operator's name (Law 94-V Art. 8(4)): its absence fails at start-up, not as a 500.</summary>
public sealed class ConsentOptionsTests
{
    [Fact]
    public async Task MapPrivacyEndpoints_WithoutOperatorName_FailsAtStartUpSayingWhatToSet()
    {
        InvalidOperationException? error = null;
        await using var app = await TestApp.StartAsync(
            a => error = Assert.Throws<InvalidOperationException>(() => a.MapPrivacyEndpoints("/privacy")),
            builder: web => web.Services.Configure<PrivacyOptions>(o => o.Consent.OperatorName = null));

        Assert.Contains("PrivacyOptions.Consent.OperatorName", error!.Message, StringComparison.Ordinal);
    }
}
