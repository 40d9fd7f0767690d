using HrPlus.Privacy.AspNetCore.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>
/// Point 5 of issue 15: a <c>Set-Cookie</c> of an unconsented category passes only when its parsed attributes delete
/// the cookie (RFC 6265 section 5.3: <c>Max-Age</c> wins over <c>Expires</c>; <c>Max-Age</c> of zero or less deletes).
/// </summary>
public sealed class CookieGateDeletionTests
{
    [Theory]
    [InlineData("_ga=; Max-Age=0; Path=/", true)]
    [InlineData("_ga=; max-age=-1", true)]
    [InlineData("_ga=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT", true)]
    [InlineData("_ga=; expires=Wed, 01 Jan 2020 10:00:00 GMT; path=/", true)]
    [InlineData("_ga=x; max-age=31536000; expires=Thu, 01 Jan 1970 00:00:00 GMT", false)]
    [InlineData("_ga=x; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=31536000", false)]
    [InlineData("_ga=max-age=0; max-age=31536000", false)]
    [InlineData("_ga=x; path=/max-age=0", false)]
    [InlineData("_ga=x; Max-Age=0x; Path=/", false)]
    [InlineData("_ga=x; Max-Age=; Expires=not a date", false)]
    [InlineData("_ga=x; Expires=Fri, 01 Jan 2100 00:00:00 GMT", false)]
    [InlineData("_ga=x; Max-Age=0; Max-Age=600", false)]
    [InlineData("_ga=x; Max-Age=600; Max-Age=0", true)]
    public async Task UnconsentedCookie_PassesOnlyWhenItsAttributesDeleteIt(string setCookie, bool passes)
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/", (HttpContext c) =>
            {
                c.Response.Headers.Append("Set-Cookie", setCookie);
                c.Response.Headers.Append("Set-Cookie", "session=s1; path=/");
                return "ok";
            }),
            o => o.Cookies.Register("_ga", CookieCategory.Analytics, "Statistics.", TimeSpan.FromDays(730)));

        using var response = await app.Client.GetAsync("/");

        var sent = response.Headers.GetValues("Set-Cookie").ToArray();
        Assert.Equal(passes ? [setCookie, "session=s1; path=/"] : ["session=s1; path=/"], sent);
    }
}
