using System.Net;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static HrPlus.Privacy.AspNetCore.Tests.ApiCalls;

namespace HrPlus.Privacy.AspNetCore.Tests.Endpoints;

/// <summary>Issue 26, point 4: a blocked subject is "not granted" for every purpose, as decryption already treats them.</summary>
public sealed class BlockedSubjectConsentTests
{
    [Fact]
    public async Task RequireConsent_BlockedSubjectWithConsentInForce_Is403WithThePolicyLink_AndTheEndpointDoesNotRun()
    {
        var ran = 0;
        await using var app = await TestApp.StartAsync(a =>
        {
            a.MapPrivacyEndpoints("/privacy");
            a.MapGet("/offers", () => { Interlocked.Increment(ref ran); return "offers"; }).RequireConsent(ConsentPurposes.NewsAndOffers);
        });
        await app.PublishPolicyAsync();
        await app.Services.GetRequiredService<IConsentService>().GrantAsync(new ConsentRequest { SubjectId = "pupil-1", Purpose = ConsentPurposes.NewsAndOffers, PolicyVersion = 1, Language = "ru" });
        using (var before = await SendAsync(app, HttpMethod.Get, "offers", "pupil-1"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var blocking = app.Services.GetRequiredService<ISubjectBlocking>();
        await blocking.BlockAsync("pupil-1", "accuracy disputed", BlockRequester.Subject, "pupil-1");

        using var blocked = await SendAsync(app, HttpMethod.Get, "offers", "pupil-1");

        var problem = await AssertProblemAsync(blocked, HttpStatusCode.Forbidden, "consent-required");
        Assert.Equal("/privacy/policy", problem.GetProperty("policy").GetString());
        Assert.Equal("Blocked", problem.GetProperty("decision").GetString());
        Assert.Equal(ConsentPurposes.NewsAndOffers, problem.GetProperty("purpose").GetString());
        Assert.Equal(1, ran);

        // Every purpose reads Blocked on GET consents; unblocking restores what the ledger says.
        var decisions = await JsonAsync(app, "privacy/consents", "pupil-1");
        Assert.All(decisions.EnumerateArray(), d => Assert.Equal("Blocked", d.GetProperty("decision").GetString()));
        await blocking.UnblockAsync("pupil-1", "operator-1");
        using var unblocked = await SendAsync(app, HttpMethod.Get, "offers", "pupil-1");
        Assert.Equal(HttpStatusCode.OK, unblocked.StatusCode);
        Assert.Equal(2, ran);
    }
}
