using System.Net;
using System.Text;
using System.Text.Json;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Policies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static HrPlus.Privacy.AspNetCore.Tests.ApiCalls;

namespace HrPlus.Privacy.AspNetCore.Tests;

public sealed class PrivacyEndpointTests
{
    [Fact]
    public async Task Policy_AsJsonInEachLanguage_AsHtmlForABrowser_AndPastVersions()
    {
        await using var app = await StartAsync();
        await app.PublishPolicyAsync(PolicyChangeKind.Material, "v1");
        await app.PublishPolicyAsync(PolicyChangeKind.Editorial, "v2 <b>");

        var kk = await JsonAsync(app, "privacy/policy?lang=kk");
        Assert.Equal(2, kk.GetProperty("version").GetInt32());
        Assert.Equal("kk", kk.GetProperty("language").GetString());
        Assert.Equal("Саясат (v2 <b>)", kk.GetProperty("content").GetString());
        Assert.Equal(PolicyText.Hash("Саясат (v2 <b>)"), kk.GetProperty("contentHash").GetString());
        Assert.Equal("Editorial", kk.GetProperty("changeKind").GetString());
        Assert.Equal("Политика (v1)", (await JsonAsync(app, "privacy/policy/1")).GetProperty("content").GetString());
        Assert.Equal("Policy (v1)", (await JsonAsync(app, "privacy/policy/1?lang=en")).GetProperty("content").GetString());

        using var html = new HttpRequestMessage(HttpMethod.Get, "privacy/policy?lang=en");
        html.Headers.Add("Accept", "text/html");
        using var page = await app.Client.SendAsync(html);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        var body = await page.Content.ReadAsStringAsync();
        Assert.Contains("Policy (v2 &lt;b&gt;)", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>)", body, StringComparison.Ordinal);

        var versions = await JsonAsync(app, "privacy/policy/versions");
        Assert.Equal([1, 2], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(3, versions[0].GetProperty("texts").GetArrayLength());

        using var missing = await app.Client.GetAsync("privacy/policy/9");
        await AssertProblemAsync(missing, HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("kk", "<h1>Құпиялылық саясаты, 2-нұсқа</h1>", "(редакциялық өзгеріс)")]
    [InlineData("ru", "<h1>Политика конфиденциальности, версия 2</h1>", "(редакционное изменение)")]
    [InlineData("en", "<h1>Privacy policy, version 2</h1>", "(editorial change)")]
    public async Task PolicyHtml_HeadingsAreInTheLanguageOfTheText(string language, string heading, string kind)
    {
        await using var app = await StartAsync();
        await app.PublishPolicyAsync(PolicyChangeKind.Material, "v1");
        await app.PublishPolicyAsync(PolicyChangeKind.Editorial, "v2");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"privacy/policy?lang={language}");
        request.Headers.Add("Accept", "text/html");
        using var page = await app.Client.SendAsync(request);
        var body = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"<html lang=\"{language}\">", body, StringComparison.Ordinal);
        Assert.Contains(heading, body, StringComparison.Ordinal);
        Assert.Contains(kind, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consents_GrantListReceiptWithdrawHistory_ForTheSignedInSubject()
    {
        await using var app = await StartAsync();
        await app.PublishPolicyAsync();

        using var anonymous = await app.Client.GetAsync("privacy/consents");
        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "sign-in-required");

        using var grant = await SendAsync(app, HttpMethod.Post, "privacy/consents/news-offers", "pupil-1", """{"policyVersion":1,"language":"ru","dataCategories":["email"]}""");
        Assert.Equal(HttpStatusCode.Created, grant.StatusCode);
        var granted = JsonDocument.Parse(await grant.Content.ReadAsStringAsync()).RootElement;
        var id = granted.GetProperty("id").GetGuid();
        Assert.Equal($"/privacy/consents/receipts/{id:D}", grant.Headers.Location!.OriginalString);
        Assert.Equal("Granted", granted.GetProperty("kind").GetString());

        var decisions = await JsonAsync(app, "privacy/consents", "pupil-1");
        Assert.Equal(10, decisions.GetArrayLength());
        Assert.Equal("Granted", decisions.EnumerateArray().Single(d => d.GetProperty("purpose").GetString() == "news-offers").GetProperty("decision").GetString());
        Assert.Equal("NotGiven", decisions.EnumerateArray().Single(d => d.GetProperty("purpose").GetString() == "advertising").GetProperty("decision").GetString());

        var receipt = await JsonAsync(app, $"privacy/consents/receipts/{id}", "pupil-1");
        Assert.Equal("pupil-1", receipt.GetProperty("pii_principal_id").GetString());
        using var someoneElses = await SendAsync(app, HttpMethod.Get, $"privacy/consents/receipts/{id}", "pupil-2");
        await AssertProblemAsync(someoneElses, HttpStatusCode.NotFound, "not-found");

        using var withdraw = await SendAsync(app, HttpMethod.Delete, "privacy/consents/news-offers", "pupil-1");
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        using var again = await SendAsync(app, HttpMethod.Delete, "privacy/consents/news-offers", "pupil-1");
        var problem = await AssertProblemAsync(again, HttpStatusCode.UnprocessableEntity, "consent-rejected");
        Assert.Equal("NothingToWithdraw", problem.GetProperty("reason").GetString());

        var history = await JsonAsync(app, "privacy/consents/history", "pupil-1");
        Assert.Equal(["Granted", "Withdrawn"], history.EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Grant_BadBodiesAndRules_AnswerProblemDetails()
    {
        await using var app = await StartAsync();
        await app.PublishPolicyAsync();

        using var notJson = await SendAsync(app, HttpMethod.Post, "privacy/consents/support", "u", "{not json", "application/json");
        await AssertProblemAsync(notJson, HttpStatusCode.BadRequest, "bad-request");
        using var wrongType = await SendAsync(app, HttpMethod.Post, "privacy/consents/support", "u", "policyVersion=1", "text/plain");
        await AssertProblemAsync(wrongType, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        using var unknown = await SendAsync(app, HttpMethod.Post, "privacy/consents/telemarketing", "u", """{"policyVersion":1,"language":"ru"}""");
        Assert.Equal("UnknownPurpose", (await AssertProblemAsync(unknown, HttpStatusCode.UnprocessableEntity, "consent-rejected")).GetProperty("reason").GetString());
        using var minorRequest = TestApp.Request(HttpMethod.Post, "privacy/consents/support", "u");
        minorRequest.Headers.Add(TestApp.BirthDateHeader, "2016-01-01");
        minorRequest.Content = new StringContent("""{"policyVersion":1,"language":"ru"}""", Encoding.UTF8, "application/json");
        using var minor = await app.Client.SendAsync(minorRequest);
        Assert.Equal("SubjectUnder14", (await AssertProblemAsync(minor, HttpStatusCode.UnprocessableEntity, "consent-rejected")).GetProperty("reason").GetString());
        using var forOther = await SendAsync(app, HttpMethod.Post, "privacy/consents/support", "parent-1", """{"policyVersion":1,"language":"ru","subjectId":"pupil-9","relationship":"parent"}""");
        await AssertProblemAsync(forOther, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Representative_AuthorizedByTheHost_GrantsForAMinor()
    {
        await using var app = await StartAsync(o =>
        {
            o.Endpoints.AuthorizeRepresentative = (http, subject) => ValueTask.FromResult(subject == "pupil-9");
            o.Endpoints.ResolveSubjectBirthDate = (http, subject) => ValueTask.FromResult<DateOnly?>(subject == "pupil-9" ? new DateOnly(2016, 1, 1) : null);
        });
        await app.PublishPolicyAsync();

        using var grant = await SendAsync(app, HttpMethod.Post, "privacy/consents/support", "parent-1", """{"policyVersion":1,"language":"kk","subjectId":"pupil-9","relationship":"parent"}""");

        Assert.Equal(HttpStatusCode.Created, grant.StatusCode);
        var history = await app.Services.GetRequiredService<IConsentService>().GetHistoryAsync("pupil-9");
        var e = Assert.Single(history);
        Assert.Equal(ConsentGiverKind.Representative, e.GivenBy);
        Assert.Equal("parent-1", e.RepresentativeId);
        Assert.Equal(new DateOnly(2034, 1, 1), e.SubjectAdultFrom);
        Assert.Equal("127.0.0.0", e.EvidenceIpAddress);
        var receipt = await JsonAsync(app, $"privacy/consents/receipts/{e.EventId}", "parent-1");
        Assert.Equal("pupil-9", receipt.GetProperty("pii_principal_id").GetString());
    }

    [Fact]
    public async Task RequireConsent_Answers403BeforeTheHandler_ThenRunsItOnceGranted()
    {
        var calls = 0;
        await using var app = await StartAsync(map: a => a.MapGet("/offers", () => ++calls).RequireConsent(ConsentPurposes.NewsAndOffers));
        await app.PublishPolicyAsync();

        using var anonymous = await app.Client.GetAsync("offers");
        using var notGiven = await SendAsync(app, HttpMethod.Get, "offers", "pupil-1");
        var problem = await AssertProblemAsync(notGiven, HttpStatusCode.Forbidden, "consent-required");
        Assert.Equal("news-offers", problem.GetProperty("purpose").GetString());
        Assert.Equal("NotGiven", problem.GetProperty("decision").GetString());
        Assert.Equal("/privacy/policy", problem.GetProperty("policy").GetString());
        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "sign-in-required");
        Assert.Equal(0, calls);

        (await SendAsync(app, HttpMethod.Post, "privacy/consents/news-offers", "pupil-1", """{"policyVersion":1,"language":"ru"}""")).Dispose();
        using var allowed = await SendAsync(app, HttpMethod.Get, "offers", "pupil-1");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("1", await allowed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RequireCurrentPolicy_After_A_MaterialChange_Answers403()
    {
        await using var app = await StartAsync(map: a => a.MapGet("/dashboard", () => "dash").RequireCurrentPolicy());
        await app.PublishPolicyAsync();
        (await SendAsync(app, HttpMethod.Post, "privacy/consents/support", "pupil-1", """{"policyVersion":1,"language":"ru"}""")).Dispose();
        using var before = await SendAsync(app, HttpMethod.Get, "dashboard", "pupil-1");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await app.PublishPolicyAsync(PolicyChangeKind.Material, "v2");
        using var after = await SendAsync(app, HttpMethod.Get, "dashboard", "pupil-1");

        var problem = await AssertProblemAsync(after, HttpStatusCode.Forbidden, "reconsent-required");
        Assert.Equal(["support"], problem.GetProperty("purposes").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task RequireConsent_UnknownPurpose_FailsWhenTheEndpointsAreBuilt()
    {
        await using var app = await StartAsync(map: a => a.MapGet("/x", () => "x").RequireConsent("telemarketing"));

        var error = Assert.Throws<InvalidOperationException>(() => ((IEndpointRouteBuilder)app.App).DataSources.SelectMany(d => d.Endpoints).ToList());

        Assert.Contains("RequireConsent(\"telemarketing\")", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => app.App.MapGet("/y", () => "y").RequireConsent("Not A Code"));
    }

    private static Task<TestApp> StartAsync(Action<PrivacyAspNetCoreOptions>? options = null, Action<WebApplication>? map = null) =>
        TestApp.StartAsync(
            a =>
            {
                a.MapPrivacyEndpoints("/privacy");
                map?.Invoke(a);
            },
            options);

}
