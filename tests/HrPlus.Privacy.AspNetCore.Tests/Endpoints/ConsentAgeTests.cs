using System.Net;
using System.Text;
using HrPlus.Privacy.Consent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static HrPlus.Privacy.AspNetCore.Tests.ApiCalls;

namespace HrPlus.Privacy.AspNetCore.Tests.Endpoints;

/// <summary><c>POST consents/{purpose}</c> judges age by what the server knows, never by the request body.</summary>
public sealed class ConsentAgeTests
{
    // TestApp's clock is the system's: a birth date 12 years back from today is a 12-year-old's.
    private static readonly DateOnly TwelveYearsOld = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-12).AddDays(-30);
    private static readonly DateOnly FifteenYearsOld = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-15).AddDays(-30);

    [Theory]
    [InlineData("""{"policyVersion":1,"language":"ru"}""")]
    [InlineData("""{"policyVersion":1,"language":"ru","subjectBirthDate":"1990-01-01"}""")]
    [InlineData("""{"policyVersion":1,"language":"ru","subjectBirthDate":null}""")]
    public async Task Grant_SubjectAged12ByTheHostsCallback_AloneIsRefused_WhateverTheBodySays(string body)
    {
        await using var app = await StartAsync(o => o.Endpoints.ResolveSubjectBirthDate = (_, subject) => ValueTask.FromResult<DateOnly?>(subject == "pupil-12" ? TwelveYearsOld : null));
        await app.PublishPolicyAsync();

        using var response = await SendAsync(app, HttpMethod.Post, "privacy/consents/support", "pupil-12", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "consent-rejected");
        Assert.Equal("SubjectUnder14", problem.GetProperty("reason").GetString());
        Assert.Empty(await app.Services.GetRequiredService<IConsentService>().GetHistoryAsync("pupil-12"));
    }

    [Fact]
    public async Task Grant_DateOfBirthClaimOf15_AloneIsRefused_EvenWithAnAdultsDateInTheBody()
    {
        await using var app = await StartAsync();
        await app.PublishPolicyAsync();

        using var response = await GrantAsync(app, "pupil-15", FifteenYearsOld.ToString("yyyy-MM-dd"), """{"policyVersion":1,"language":"ru","subjectBirthDate":"1990-01-01"}""");

        Assert.Equal("RepresentativeRequired", (await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "consent-rejected")).GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("none")]
    [InlineData("12.01.2014")]
    [InlineData("not a date")]
    public async Task Grant_AgeUnknownToTheServer_HostServesMinors_FailsClosed(string claim)
    {
        await using var app = await StartAsync();
        await app.PublishPolicyAsync();

        using var response = await GrantAsync(app, "user-1", claim, """{"policyVersion":1,"language":"ru","subjectBirthDate":"1990-01-01"}""");

        Assert.Equal("RepresentativeRequired", (await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "consent-rejected")).GetProperty("reason").GetString());
        Assert.Empty(await app.Services.GetRequiredService<IConsentService>().GetHistoryAsync("user-1"));
    }

    [Fact]
    public async Task Grant_AgeUnknown_HostOfAdultsOnly_IsRecorded_AndABodysMinorDateStillRefuses()
    {
        await using var app = await StartAsync(o => o.Endpoints.ServesMinors = false);
        await app.PublishPolicyAsync();

        using var adult = await GrantAsync(app, "user-1", "none", """{"policyVersion":1,"language":"ru"}""");
        using var minor = await GrantAsync(app, "user-2", "none", """{"policyVersion":1,"language":"ru","subjectBirthDate":"2016-01-01"}""");

        Assert.Equal(HttpStatusCode.Created, adult.StatusCode);
        Assert.Equal("SubjectUnder14", (await AssertProblemAsync(minor, HttpStatusCode.UnprocessableEntity, "consent-rejected")).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Grant_ByAParent_TakesThePupilsBirthDateFromTheCallback_SoItEndsAt18()
    {
        var birth = new DateOnly(2014, 3, 10);
        await using var app = await StartAsync(o =>
        {
            o.Endpoints.AuthorizeRepresentative = (_, subject) => ValueTask.FromResult(subject == "pupil-9");
            o.Endpoints.ResolveSubjectBirthDate = (_, subject) => ValueTask.FromResult<DateOnly?>(subject == "pupil-9" ? birth : null);
        });
        await app.PublishPolicyAsync();

        // The body names a far older birth date: it is not the one recorded.
        using var response = await GrantAsync(app, "parent-1", TestApp.AdultBirthDate, """{"policyVersion":1,"language":"ru","subjectId":"pupil-9","relationship":"parent","subjectBirthDate":"1990-01-01"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var e = Assert.Single(await app.Services.GetRequiredService<IConsentService>().GetHistoryAsync("pupil-9"));
        Assert.Equal((ConsentGiverKind.Representative, "parent-1"), (e.GivenBy, e.RepresentativeId));
        Assert.Equal(new DateOnly(2032, 3, 10), e.SubjectAdultFrom);
    }

    [Fact]
    public async Task Grant_AdultByClaim_AloneIsRecorded()
    {
        await using var app = await StartAsync();
        await app.PublishPolicyAsync();

        using var response = await GrantAsync(app, "parent-1", TestApp.AdultBirthDate, """{"policyVersion":1,"language":"ru","subjectBirthDate":"2016-01-01"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var e = Assert.Single(await app.Services.GetRequiredService<IConsentService>().GetHistoryAsync("parent-1"));
        Assert.Null(e.SubjectAdultFrom);
    }

    [Theory]
    [InlineData(false, """{"policyVersion":1,"language":"ru","subjectId":"pupil-9","relationship":"parent"}""")]
    [InlineData(false, """{"policyVersion":1,"language":"ru","subjectId":"pupil-9","relationship":"parent","subjectBirthDate":"1990-01-01"}""")]
    [InlineData(false, """{"policyVersion":1,"language":"ru","subjectId":"pupil-9","relationship":"parent","subjectBirthDate":"2016-01-01"}""")]
    [InlineData(true, """{"policyVersion":1,"language":"ru","subjectId":"pupil-9","relationship":"parent"}""")]
    [InlineData(true, """{"policyVersion":1,"language":"ru","subjectId":"pupil-9","relationship":"parent","subjectBirthDate":"1990-01-01"}""")]
    public async Task Grant_ByARepresentative_BirthDateUnknownToTheServer_HostServesMinors_IsRefusedNamingResolveSubjectBirthDate(bool callbackAnswersNull, string body)
    {
        await using var app = await StartAsync(o =>
        {
            o.Endpoints.AuthorizeRepresentative = (_, subject) => ValueTask.FromResult(subject == "pupil-9");
            if (callbackAnswersNull)
            {
                o.Endpoints.ResolveSubjectBirthDate = (_, _) => ValueTask.FromResult<DateOnly?>(null);
            }
        });
        await app.PublishPolicyAsync();

        using var response = await GrantAsync(app, "parent-1", TestApp.AdultBirthDate, body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "consent-rejected");
        Assert.Equal("SubjectBirthDateUnknown", problem.GetProperty("reason").GetString());
        Assert.Contains("ResolveSubjectBirthDate", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pupil-9", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(await app.Services.GetRequiredService<IConsentService>().GetHistoryAsync("pupil-9"));
    }

    [Fact]
    public async Task Grant_ByARepresentative_HostOfAdultsOnly_TakesTheBodysDate_AndAMinorsConsentEndsAt18()
    {
        await using var app = await StartAsync(o =>
        {
            o.Endpoints.ServesMinors = false;
            o.Endpoints.AuthorizeRepresentative = (_, subject) => ValueTask.FromResult(subject == "pupil-9");
        });
        await app.PublishPolicyAsync();

        using var response = await GrantAsync(app, "parent-1", TestApp.AdultBirthDate, """{"policyVersion":1,"language":"ru","subjectId":"pupil-9","relationship":"parent","subjectBirthDate":"2014-03-10"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(new DateOnly(2032, 3, 10), Assert.Single(await app.Services.GetRequiredService<IConsentService>().GetHistoryAsync("pupil-9")).SubjectAdultFrom);
    }

    [Theory]
    [InlineData("9999-12-31", false)]
    [InlineData("1899-12-31", false)]
    [InlineData("0001-01-01", false)]
    [InlineData("FUTURE", false)]
    [InlineData("9999-12-31", true)]
    [InlineData("1899-12-31", true)]
    public async Task Grant_BodyBirthDateInTheFutureOrBefore1900_Is400_WhoeverGrants_EvenWhenTheServerKnowsTheDate(string date, bool byParent)
    {
        await using var app = await StartAsync(o =>
        {
            o.Endpoints.AuthorizeRepresentative = (_, subject) => ValueTask.FromResult(subject == "pupil-9");
            o.Endpoints.ResolveSubjectBirthDate = (_, subject) => ValueTask.FromResult<DateOnly?>(subject == "pupil-9" ? new DateOnly(2014, 3, 10) : new DateOnly(1990, 1, 1));
        });
        await app.PublishPolicyAsync();
        var birth = date == "FUTURE" ? DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd") : date;
        var subject = byParent ? "\"subjectId\":\"pupil-9\",\"relationship\":\"parent\"," : string.Empty;

        using var response = await GrantAsync(app, "parent-1", TestApp.AdultBirthDate, "{\"policyVersion\":1,\"language\":\"ru\"," + subject + "\"subjectBirthDate\":\"" + birth + "\"}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "bad-request");
        Assert.Contains("subjectBirthDate", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(birth, problem.GetRawText(), StringComparison.Ordinal);
        var consents = app.Services.GetRequiredService<IConsentService>();
        Assert.Empty(await consents.GetHistoryAsync("pupil-9"));
        Assert.Empty(await consents.GetHistoryAsync("parent-1"));
    }

    [Fact]
    public async Task Grant_BodyBirthDate1900_01_01_OnTheSubjectsOwnGrant_IsAccepted_TheServersDateRecorded()
    {
        await using var app = await StartAsync();
        await app.PublishPolicyAsync();

        using var response = await GrantAsync(app, "parent-1", TestApp.AdultBirthDate, """{"policyVersion":1,"language":"ru","subjectBirthDate":"1900-01-01"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData(true, false, true, 1)]
    [InlineData(true, true, true, 0)]
    [InlineData(true, false, false, 0)]
    [InlineData(false, false, true, 0)]
    public async Task MapPrivacyEndpoints_RepresentativesWithoutABirthDateSource_WarnsOnceAtStartUp(bool authorize, bool resolve, bool servesMinors, int warnings)
    {
        var collector = new FakeLogCollector();
        await using var app = await TestApp.StartAsync(
            a => a.MapPrivacyEndpoints("/privacy"),
            o =>
            {
                o.Endpoints.ServesMinors = servesMinors;
                o.Endpoints.AuthorizeRepresentative = authorize ? (_, _) => ValueTask.FromResult(true) : null;
                o.Endpoints.ResolveSubjectBirthDate = resolve ? (_, _) => ValueTask.FromResult<DateOnly?>(null) : null;
            },
            web => web.Logging.AddProvider(new FakeLoggerProvider(collector)));

        var warned = collector.GetSnapshot().Where(r => r.Id.Id == 2010).ToList();
        Assert.Equal(warnings, warned.Count);
        Assert.All(warned, r =>
        {
            Assert.Equal(LogLevel.Warning, r.Level);
            Assert.Contains("ResolveSubjectBirthDate", r.Message, StringComparison.Ordinal);
        });
    }

    private static async Task<HttpResponseMessage> GrantAsync(TestApp app, string user, string birthClaim, string json)
    {
        using var request = TestApp.Request(HttpMethod.Post, "privacy/consents/support", user);
        request.Headers.Add(TestApp.BirthDateHeader, birthClaim);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await app.Client.SendAsync(request);
    }

    private static Task<TestApp> StartAsync(Action<PrivacyAspNetCoreOptions>? options = null) =>
        TestApp.StartAsync(a => a.MapPrivacyEndpoints("/privacy"), options);
}
