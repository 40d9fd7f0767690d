using System.Net;
using System.Text.RegularExpressions;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Identifiers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static HrPlus.Privacy.AspNetCore.Tests.ApiCalls;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>Points 1 and 2 of issue 15: no personal data in stored paths and referers, no invisible format characters.</summary>
public sealed partial class AccessLogPersonalDataTests
{
    private static readonly string Iin = TestIins.Generate(7);

    [Theory]
    [InlineData("/pupils/by-iin/{0}", "/pupils/by-iin/{iin}")]
    [InlineData("/pupils/IIN{0}/card", "/pupils/{iin}/card")]
    [InlineData("/pupils/{1}/card", "/pupils/{iin}/card")]
    [InlineData("/pupils/%3{2}", "/pupils/{iin}")]
    [InlineData("/users/ivanova.a%40mail.kz/profile", "/users/{email}/profile")]
    [InlineData("/users/ivanova.a@mail.kz", "/users/{email}")]
    [InlineData("/call/+77011234567", "/call/{phone}")]
    [InlineData("/call/87011234567/log", "/call/{phone}/log")]
    [InlineData("/call/+7%20(701)%20123-45-67", "/call/{phone}")]
    [InlineData("/orders/42/items/123456789012", "/orders/42/items/{iin}")]
    [InlineData("/packages/tool@1.2.3", "/packages/tool@1.2.3")]
    public async Task Path_SegmentsHoldingAnIinEmailOrPhone_AreMasked(string template, string expected)
    {
        // {1}: the IIN written 6-6 with a hyphen; {2}: the IIN with its first digit percent-encoded ("%3" + "9…").
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Iin, Iin[..6] + "-" + Iin[6..], Iin);
        Assert.False(Iin.StartsWith("123456789012", StringComparison.Ordinal));
        await using var app = await TestApp.StartAsync(a => a.MapGet("/{**rest}", () => "ok"));

        using var response = await app.Client.GetAsync(path.TrimStart('/'));
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(await app.RecordsAsync());
        Assert.Equal(expected, record.Path);
    }

    [Theory]
    [InlineData("https://school.kz/pupils/{0}/card?x=1", "https://school.kz/pupils/{iin}/card")]
    [InlineData("https://school.kz/a;jsessionid=ABC123/b;v=1", "https://school.kz/a/b")]
    [InlineData("//user:pa55@school.kz/a", "//school.kz/a")]
    [InlineData("https://user:pa55@school.kz/mail/a%40b.kz", "https://school.kz/mail/{email}")]
    [InlineData("/relative/{0};jsessionid=x", "/relative/{iin}")]
    [InlineData("https://school.kz/call/%2B77011234567", "https://school.kz/call/{phone}")]
    public async Task Referer_IsMasked_LosesPathParametersAndCredentials(string referer, string expected)
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/", () => "ok"));
        using var request = TestApp.Request(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Referer", referer.Replace("{0}", Iin, StringComparison.Ordinal));

        (await app.Client.SendAsync(request)).Dispose();
        await app.StopAsync();

        Assert.Equal(expected, Assert.Single(await app.RecordsAsync()).Referer);
    }

    [Fact]
    public async Task UserAgentAndCookieNames_HoldingAnIinOrEmail_AreMasked()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/", () => "ok"));
        using var request = TestApp.Request(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("User-Agent", $"Bot/1.0 (+contact a.b@school.kz; iin {Iin})");
        request.Headers.Add("Cookie", $"session=1; seen_{Iin}=1");

        (await app.Client.SendAsync(request)).Dispose();
        await app.StopAsync();

        var record = Assert.Single(await app.RecordsAsync());
        Assert.Equal("Bot/1.0 (+contact {email}; iin {iin})", record.UserAgent);
        Assert.Equal(["seen_{iin}", "session"], record.CookieNames);
    }

    [Fact]
    public async Task UserAgentAndReferer_FormatCharacters_AreEscapedInTheAccessLogAndConsentEvidence()
    {
        await using var app = await TestApp.StartAsync(a => a.MapPrivacyEndpoints("/privacy"));
        await app.PublishPolicyAsync();
        const string Spoofed = "Mozilla\u202E5.0\u200B\u2066x\u2069\uFEFF\u2028\U000E0041";
        const string Escaped = "Mozilla\\u202e5.0\\u200b\\u2066x\\u2069\\ufeff\\u2028\\udb40\\udc41";
        using var request = TestApp.Request(HttpMethod.Post, "privacy/consents/support", "pupil-1");
        request.Headers.TryAddWithoutValidation("User-Agent", Spoofed);
        request.Headers.TryAddWithoutValidation("Referer", "https://school.kz/\u202Eevil");
        request.Content = new StringContent("""{"policyVersion":1,"language":"ru"}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await app.Client.SendAsync(request);
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var record = Assert.Single(await app.RecordsAsync());
        Assert.Equal(Escaped, record.UserAgent);
        Assert.Equal("https://school.kz/\\u202eevil", record.Referer);
        var evidence = Assert.Single(await app.Services.GetRequiredService<IConsentService>().GetHistoryAsync("pupil-1")).EvidenceUserAgent;
        Assert.Equal(Escaped, evidence);
    }

    internal static bool ContainsValidIin(string text)
    {
        foreach (Match run in DigitRun().Matches(text))
        {
            if (run.Length == 12 && Identifiers.Iin.TryParse(run.Value, out _))
            {
                return true;
            }
        }

        // Written with single separators too (900101-300017).
        foreach (Match run in SeparatedRun().Matches(text))
        {
            var digits = new string([.. run.Value.Where(char.IsAsciiDigit)]);
            if (digits.Length == 12 && Identifiers.Iin.TryParse(digits, out _))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex DigitRun();

    [GeneratedRegex("[0-9]+(?:[ \\-()]{1,2}[0-9]+)*")]
    private static partial Regex SeparatedRun();
}
