using System.Net;
using HrPlus.Privacy.Sample.Tests.Infrastructure;

namespace HrPlus.Privacy.Sample.Tests;

/// <summary>The banner's choice goes through the SDK's cookie consent, which holds back the app's analytics cookie.</summary>
public sealed class CookieConsentTests
{
    [Fact]
    public async Task Get_WithoutChoice_ShowsBanner_AndSetsNoAnalyticsCookie()
    {
        await using var server = await SampleServer.StartAsync();

        using var response = await server.Client.GetAsync("/?lang=en");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<form id=\"cookie-banner\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith(SampleApp.AnalyticsCookie + "=", StringComparison.Ordinal));
        Assert.Contains(SetCookies(response), c => c.StartsWith(SampleApp.AntiforgeryCookie + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Choose_NecessaryOnly_KeepsAnalyticsCookieOut_AndHidesBanner()
    {
        await using var server = await SampleServer.StartAsync();

        using var chosen = await server.PostFormAsync("/?lang=en", "/cookies", [new("choice", "necessary"), new("returnUrl", "/pupils"), new("lang", "en")]);
        using var next = await server.Client.GetAsync("/?lang=en");

        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal("/pupils?lang=en", chosen.Headers.Location!.OriginalString);
        Assert.Contains(SetCookies(chosen), c => c.StartsWith(".HrPlus.CookieConsent=", StringComparison.Ordinal));
        Assert.DoesNotContain(SetCookies(next), c => c.StartsWith(SampleApp.AnalyticsCookie + "=", StringComparison.Ordinal));
        Assert.DoesNotContain(SetCookies(next), c => c.StartsWith("hp_lang=", StringComparison.Ordinal));
        Assert.DoesNotContain("<form id=\"cookie-banner\"", await next.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choose_Analytics_LetsTheAnalyticsCookieThrough()
    {
        await using var server = await SampleServer.StartAsync();

        using var chosen = await server.PostFormAsync("/?lang=en", "/cookies", [new("choice", "selected"), new("categories", "analytics"), new("returnUrl", "/"), new("lang", "en")]);
        using var next = await server.Client.GetAsync("/cookies?lang=en");

        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Contains(SetCookies(next), c => c.StartsWith(SampleApp.AnalyticsCookie + "=", StringComparison.Ordinal));
        Assert.DoesNotContain(SetCookies(next), c => c.StartsWith("hp_lang=", StringComparison.Ordinal));
        Assert.Contains("<strong id=\"cookie-current\">Necessary, Analytics</strong>", await next.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choose_WithOpenRedirect_StaysOnTheSite()
    {
        await using var server = await SampleServer.StartAsync();

        using var chosen = await server.PostFormAsync("/?lang=en", "/cookies", [new("choice", "all"), new("returnUrl", "//evil.example/"), new("lang", "en")]);

        Assert.Equal("/?lang=en", chosen.Headers.Location!.OriginalString);
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}
