using System.Net;
using HrPlus.Privacy.AspNetCore.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HrPlus.Privacy.AspNetCore.Tests;

public sealed class CookieConsentTests
{
    [Fact]
    public async Task AnalyticsCookie_IsSuppressedUntilConsented_ThenSent()
    {
        await using var app = await StartAsync();

        using var before = await app.Client.GetAsync("set");
        Assert.Equal(["session"], CookieNames(before));
        Assert.Equal("set-body", await before.Content.ReadAsStringAsync());

        using var choose = new HttpRequestMessage(HttpMethod.Post, "privacy/cookies") { Content = JsonContent("{\"categories\":[\"analytics\"]}") };
        using var chosen = await app.Client.SendAsync(choose);
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        var consentCookie = Assert.Single(chosen.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(".HrPlus.CookieConsent=v1%3Aanalytics;", consentCookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", consentCookie, StringComparison.OrdinalIgnoreCase);

        using var after = new HttpRequestMessage(HttpMethod.Get, "set");
        after.Headers.Add("Cookie", ".HrPlus.CookieConsent=v1%3Aanalytics");
        using var afterResponse = await app.Client.SendAsync(after);
        Assert.Equal(["_ga", "_ga_ABC123", "session"], CookieNames(afterResponse).Order());

        // Advertising was not chosen: its cookie is still held back.
        Assert.DoesNotContain("ads", CookieNames(afterResponse));
    }

    [Fact]
    public async Task Deletion_OfAnOptionalCookie_IsAlwaysLetThrough()
    {
        await using var app = await StartAsync();

        using var response = await app.Client.GetAsync("delete");

        Assert.Equal(["_ga"], CookieNames(response));
    }

    [Theory]
    [InlineData("v1:analytics,analytics")]
    [InlineData("v2:analytics")]
    [InlineData("v1:everything")]
    [InlineData("v1:")]
    [InlineData("")]
    public async Task MalformedConsentCookie_MeansNoConsent_AndNeverAnError(string value)
    {
        await using var app = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "set");
        request.Headers.TryAddWithoutValidation("Cookie", $".HrPlus.CookieConsent={Uri.EscapeDataString(value)}; ;=; junk");

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["session"], CookieNames(response));
    }

    [Fact]
    public async Task TrackingConsentFeature_ReflectsTheChoice_ForCodeWrittenForCookiePolicy()
    {
        await using var app = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "track");
        request.Headers.Add("Cookie", ".HrPlus.CookieConsent=v1%3Aanalytics%2Cadvertising");

        using var none = await app.Client.GetAsync("track");
        using var both = await app.Client.SendAsync(request);

        Assert.Equal("False", await none.Content.ReadAsStringAsync());
        Assert.Equal("True", await both.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CookieNotice_ListsCategoriesAndCookies()
    {
        await using var app = await StartAsync();

        using var response = await app.Client.GetAsync("privacy/cookies");
        var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var categories = json.GetProperty("categories").EnumerateArray().ToArray();
        Assert.Equal(["necessary", "functional", "analytics", "advertising"], categories.Select(c => c.GetProperty("category").GetString()));
        Assert.True(categories[0].GetProperty("consented").GetBoolean());
        Assert.False(categories[2].GetProperty("consented").GetBoolean());
        var analytics = categories[2].GetProperty("cookies").EnumerateArray().ToArray();
        Assert.Equal(["_ga", "_ga_*"], analytics.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(63072000, analytics[0].GetProperty("lifetimeSeconds").GetInt64());
    }

    [Fact]
    public void Definitions_RejectBadNamesAndCategories()
    {
        Assert.Throws<ArgumentException>(() => new CookieDefinition("a=b", CookieCategory.Analytics, "x", null));
        Assert.Throws<ArgumentException>(() => new CookieDefinition("a*b", CookieCategory.Analytics, "x", null));
        Assert.Throws<ArgumentException>(() => new CookieDefinition("ab", CookieCategory.Analytics | CookieCategory.Advertising, "x", null));
        Assert.Throws<ArgumentException>(() => new CookieDefinition("ab", CookieCategory.None, "x", null));
    }

    private static Task<TestApp> StartAsync() => TestApp.StartAsync(
        a =>
        {
            a.MapGet("/set", (HttpContext c) =>
            {
                c.Response.Cookies.Append("session", "s1");
                c.Response.Cookies.Append("_ga", "GA1.1");
                c.Response.Cookies.Append("_ga_ABC123", "GS1.1");
                c.Response.Cookies.Append("ads", "x");
                return "set-body";
            });
            a.MapGet("/delete", (HttpContext c) =>
            {
                c.Response.Cookies.Delete("_ga");
                return "deleted";
            });
            a.MapGet("/track", (HttpContext c) => c.Features.Get<ITrackingConsentFeature>()!.CanTrack.ToString());
            a.MapPrivacyEndpoints("/privacy");
        },
        o => o.Cookies
            .Register("_ga", CookieCategory.Analytics, "Distinguishes visitors for statistics.", TimeSpan.FromDays(730))
            .Register("_ga_*", CookieCategory.Analytics, "Keeps the statistics session.", TimeSpan.FromDays(730))
            .Register("ads", CookieCategory.Advertising, "Advertising.", TimeSpan.FromDays(90))
            .Register("lang", CookieCategory.Functional, "Remembers the language.", TimeSpan.FromDays(365)));

    private static string[] CookieNames(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values.Select(v => v[..v.IndexOf('=')])] : [];

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
