using System.Net;
using System.Text;
using System.Text.Json;
using HrPlus.Privacy.Breaches;
using HrPlus.Privacy.Consent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static HrPlus.Privacy.AspNetCore.Tests.ApiCalls;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>Points 6 to 10 of issue 15: caching, problem details for every error, path base, CSRF and size limits, anonymous callers.</summary>
public sealed class HttpSurfaceTests
{
    private const string Operator = "operator-1";

    [Fact]
    public async Task PersonalResponses_AreNoStore_AndThePolicyVariesByAccept()
    {
        await using var app = await StartAsync();
        await app.PublishPolicyAsync();
        using var grant = await SendAsync(app, HttpMethod.Post, "privacy/consents/support", "pupil-1", """{"policyVersion":1,"language":"ru"}""");
        var id = JsonDocument.Parse(await grant.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        foreach (var path in new[] { "privacy/consents", "privacy/consents/history", $"privacy/consents/receipts/{id}", "privacy/cookies" })
        {
            using var response = await SendAsync(app, HttpMethod.Get, path, "pupil-1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }

        Assert.Equal("no-store", grant.Headers.CacheControl?.ToString());
        foreach (var path in new[] { "privacy/policy", "privacy/policy/1" })
        {
            using var response = await SendAsync(app, HttpMethod.Get, path, null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Accept", response.Headers.Vary);
        }
    }

    [Theory]
    [InlineData("GET", "privacy/consents/receipts/not-a-guid-31337", HttpStatusCode.NotFound, "not-found")]
    [InlineData("GET", "privacy/policy/abc31337", HttpStatusCode.NotFound, "not-found")]
    [InlineData("GET", "privacy/policy/99999999999999931337", HttpStatusCode.NotFound, "not-found")]
    [InlineData("GET", "privacy/no-such-route-31337", HttpStatusCode.NotFound, "not-found")]
    [InlineData("PUT", "privacy/consents/support", HttpStatusCode.MethodNotAllowed, "method-not-allowed")]
    [InlineData("GET", "privacy/admin/no-such-route-31337", HttpStatusCode.NotFound, "not-found")]
    public async Task RoutingErrors_UnderTheSdkPrefixes_AreProblemDetails_WithoutEcho(string method, string path, HttpStatusCode status, string type)
    {
        await using var app = await StartAsync();

        using var response = await SendAsync(app, new HttpMethod(method), path, Operator);
        await app.StopAsync();

        var problem = await AssertProblemAsync(response, status, type);
        Assert.DoesNotContain("31337", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal((int)status, Assert.Single(await app.RecordsAsync()).StatusCode);
    }

    [Theory]
    [InlineData("GET", "school/privacy/consents/receipts/not-a-guid", HttpStatusCode.NotFound, "not-found")]
    [InlineData("PUT", "school/privacy/consents/support", HttpStatusCode.MethodNotAllowed, "method-not-allowed")]
    public async Task RoutingErrors_UnderAPathBase_AreProblemDetails(string method, string path, HttpStatusCode status, string type)
    {
        await using var app = await StartAsync(pathBase: "/school");

        using var response = await SendAsync(app, new HttpMethod(method), path, Operator);

        await AssertProblemAsync(response, status, type);
    }

    [Fact]
    public async Task TheHostsOwnErrors_AreLeftAsTheHostWroteThem()
    {
        await using var app = await StartAsync(map: a =>
        {
            a.MapGet("/things/{id}", (string id) => Results.NotFound());
            a.MapGet("/offers", () => Results.StatusCode(418)).RequireConsent(ConsentPurposes.NewsAndOffers);
        });
        await app.PublishPolicyAsync();
        await app.Services.GetRequiredService<IConsentService>().GrantAsync(new ConsentRequest { SubjectId = "pupil-1", Purpose = ConsentPurposes.NewsAndOffers, PolicyVersion = 1, Language = "ru" });

        using var missing = await SendAsync(app, HttpMethod.Get, "things/1", "pupil-1");
        using var teapot = await SendAsync(app, HttpMethod.Get, "offers", "pupil-1");
        using var unmapped = await SendAsync(app, HttpMethod.Get, "nowhere", "pupil-1");

        Assert.Equal((HttpStatusCode.NotFound, 0L), (missing.StatusCode, missing.Content.Headers.ContentLength));
        Assert.Equal(((HttpStatusCode)418, 0L), (teapot.StatusCode, teapot.Content.Headers.ContentLength));
        Assert.Equal((HttpStatusCode.NotFound, 0L), (unmapped.StatusCode, unmapped.Content.Headers.ContentLength));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BodyOverTheRouteLimit_Is413Problem_RecordedAs413_AndNothingIsStored(bool chunked)
    {
        await using var app = await StartAsync();
        await app.PublishPolicyAsync();
        var json = """{"policyVersion":1,"language":"ru","dataCategories":[""" + string.Join(',', Enumerable.Repeat("\"email\"", 4000)) + "]}";
        using var request = TestApp.Request(HttpMethod.Post, "privacy/consents/support", "pupil-1");
        request.Content = chunked
            ? new StreamContent(new ChunkedStream(Encoding.UTF8.GetBytes(json)))
            : new StringContent(json, Encoding.UTF8, "application/json");
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await app.Client.SendAsync(request);
        await app.StopAsync();

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Equal(413, Assert.Single(await app.RecordsAsync()).StatusCode);
        Assert.Empty(await app.Services.GetRequiredService<IConsentService>().GetHistoryAsync("pupil-1"));
    }

    [Fact]
    public async Task OperatorRoutes_TakeLargerBodies_ThanTheConsentRoutes()
    {
        await using var app = await StartAsync();
        var subjects = string.Join(',', Enumerable.Range(0, 1200).Select(i => $"\"pupil-{i:D5}\""));

        using var response = await SendAsync(app, HttpMethod.Post, "privacy/admin/breaches", Operator, $$"""{"discoveredAt":"2026-01-05T09:00:00Z","description":"lost laptop","affectedSubjects":[{{subjects}}]}""");

        Assert.True(subjects.Length > 16 * 1024);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "privacy/consents")]
    [InlineData("POST", "privacy/consents/support")]
    [InlineData("GET", "privacy/me/export")]
    [InlineData("GET", "privacy/admin/breaches/overdue")]
    [InlineData("GET", "offers")]
    public async Task Anonymous401_CarriesTheHostsChallenge_AndAProblemBody(string method, string path)
    {
        var calls = 0;
        await using var app = await StartAsync(map: a => a.MapGet("/offers", () => ++calls).RequireConsent(ConsentPurposes.NewsAndOffers));
        await app.PublishPolicyAsync();

        using var response = await SendAsync(app, new HttpMethod(method), path, null, method == "POST" ? """{"policyVersion":1,"language":"ru"}""" : null);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "sign-in-required");
        Assert.Equal(ChallengingAuthenticationHandler.Challenge, response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task PathBase_IsInThePolicyLink_AndAHostSetPolicyPathIsKept()
    {
        await using var mapped = await StartAsync(map: a => a.MapGet("/offers", () => "x").RequireConsent(ConsentPurposes.NewsAndOffers), pathBase: "/school");
        await using var hostSet = await StartAsync(
            map: a => a.MapGet("/offers", () => "x").RequireConsent(ConsentPurposes.NewsAndOffers),
            pathBase: "/school",
            options: o => o.Endpoints.PolicyPath = "/legal/privacy");
        await using var absolute = await StartAsync(
            map: a => a.MapGet("/offers", () => "x").RequireConsent(ConsentPurposes.NewsAndOffers),
            options: o => o.Endpoints.PolicyPath = "https://school.kz/privacy");

        var links = new List<string?>();
        foreach (var (app, path) in new[] { (mapped, "school/offers"), (hostSet, "school/offers"), (absolute, "offers") })
        {
            using var response = await SendAsync(app, HttpMethod.Get, path, "pupil-1");
            links.Add((await AssertProblemAsync(response, HttpStatusCode.Forbidden, "consent-required")).GetProperty("policy").GetString());
        }

        Assert.Equal(["/school/privacy/policy", "/school/legal/privacy", "https://school.kz/privacy"], links);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "a=1")]
    [InlineData("text/plain", "{}")]
    [InlineData("multipart/form-data; boundary=x", "--x--")]
    [InlineData(null, null)]
    public async Task NotifySubjects_FromAForm_IsRefused415_AndNobodyIsNotified(string? mediaType, string? body)
    {
        var notifier = new CountingNotifier();
        await using var app = await StartAsync(services: s => s.AddSingleton<IBreachNotifier>(notifier));
        var incident = await app.Services.GetRequiredService<IBreachRegister>().RegisterAsync(
            new BreachReport { DiscoveredAt = DateTimeOffset.UtcNow.AddHours(-1), Description = "d", AffectedSubjects = ["pupil-1"], ReportedBy = Operator });
        using var request = TestApp.Request(HttpMethod.Post, $"privacy/admin/breaches/{incident.Id}/notify-subjects", Operator);
        if (mediaType is not null)
        {
            request.Content = new StringContent(body!, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);
        }

        using var response = await app.Client.SendAsync(request);
        using var emptyJson = await SendAsync(app, HttpMethod.Post, $"privacy/admin/breaches/{incident.Id}/notify-subjects", Operator, string.Empty);
        using var json = await SendAsync(app, HttpMethod.Post, $"privacy/admin/breaches/{incident.Id}/notify-subjects", Operator, "{}");

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        await AssertProblemAsync(emptyJson, HttpStatusCode.BadRequest, "bad-request");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(1, notifier.Calls);
    }

    [Fact]
    public async Task ConsentGrant_FromAForm_IsRefused415_AndTheLedgerStaysEmpty()
    {
        await using var app = await StartAsync();
        await app.PublishPolicyAsync();

        using var response = await SendAsync(app, HttpMethod.Post, "privacy/consents/support", "pupil-1", "policyVersion=1&language=ru", "application/x-www-form-urlencoded");

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Equal(0, (await app.Services.GetRequiredService<IConsentService>().VerifyAsync()).EntryCount);
    }

    internal static Task<TestApp> StartAsync(
        Action<WebApplication>? map = null,
        string? pathBase = null,
        Action<PrivacyAspNetCoreOptions>? options = null,
        Action<IServiceCollection>? services = null) =>
        TestApp.StartAsync(
            a =>
            {
                a.UseAuthorization();
                a.MapPrivacyEndpoints("/privacy");
                a.MapPrivacyOperatorEndpoints("/privacy/admin", authorizationPolicy: "PrivacyOperators");
                map?.Invoke(a);
            },
            options,
            web =>
            {
                ChallengingAuthenticationHandler.Register(web);
                services?.Invoke(web.Services);
            },
            beforeCapture: pathBase is null ? null : a => a.UsePathBase(pathBase));

    private sealed class CountingNotifier : IBreachNotifier
    {
        private int _calls;

        public int Calls => _calls;

        public ValueTask<bool> NotifyAsync(BreachIncident incident, string subjectId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(true);
        }
    }

    /// <summary>A body of unknown length, so the client sends it chunked.</summary>
    private sealed class ChunkedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
