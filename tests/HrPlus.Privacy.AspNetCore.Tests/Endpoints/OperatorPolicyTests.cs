using System.Net;
using Microsoft.AspNetCore.Builder;
using static HrPlus.Privacy.AspNetCore.Tests.ApiCalls;

namespace HrPlus.Privacy.AspNetCore.Tests.Endpoints;

/// <summary>The operator routes erase and export anyone: they never fall back to the default policy.</summary>
public sealed class OperatorPolicyTests
{
    [Fact]
    public async Task MapPrivacyOperatorEndpoints_WithoutAPolicy_FailsAtStartUp()
    {
        InvalidOperationException? error = null;
        await using var app = await SubjectEndpointTests.StartAsync(map: a => error = Assert.Throws<InvalidOperationException>(() => a.MapPrivacyOperatorEndpoints("/ops")));

        Assert.Contains("authorizationPolicy", error!.Message, StringComparison.Ordinal);
        Assert.Contains("PrivacyEndpointOptions.OperatorAuthorizationPolicy", error.Message, StringComparison.Ordinal);
        using var pupil = await SendAsync(app, HttpMethod.Get, "ops/breaches/overdue", "pupil-1");
        Assert.Equal(HttpStatusCode.NotFound, pupil.StatusCode);
    }

    [Fact]
    public async Task MapPrivacyOperatorEndpoints_WithAnUnregisteredPolicy_FailsAtStartUp()
    {
        InvalidOperationException? error = null;
        await using var app = await SubjectEndpointTests.StartAsync(map: a => error = Assert.Throws<InvalidOperationException>(() => a.MapPrivacyOperatorEndpoints("/ops", authorizationPolicy: "NoSuchPolicy")));

        Assert.Contains("\"NoSuchPolicy\"", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapPrivacyOperatorEndpoints_PolicyFromOptions_AdmitsOperatorsOnly()
    {
        await using var app = await SubjectEndpointTests.StartAsync(
            map: a => a.MapPrivacyOperatorEndpoints("/ops"),
            aspNetCore: o => o.Endpoints.OperatorAuthorizationPolicy = SubjectEndpointTests.OperatorsPolicy);

        using var anonymous = await SendAsync(app, HttpMethod.Get, "ops/breaches/overdue", null);
        using var pupil = await SendAsync(app, HttpMethod.Get, "ops/breaches/overdue", "pupil-1");
        using var operatorCall = await SendAsync(app, HttpMethod.Get, "ops/breaches/overdue", SubjectEndpointTests.Operator);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, pupil.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorCall.StatusCode);
    }
}
