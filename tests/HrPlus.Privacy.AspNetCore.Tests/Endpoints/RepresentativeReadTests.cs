using System.Net;
using System.Text.Json;
using HrPlus.Privacy.Consent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static HrPlus.Privacy.AspNetCore.Tests.ApiCalls;

namespace HrPlus.Privacy.AspNetCore.Tests.Endpoints;

/// <summary>
/// A legal representative the host authorizes (<c>AuthorizeRepresentative</c>) reads the represented subject's consents,
/// history and receipts with <c>?subjectId=</c>; anyone else gets 403; an unknown query parameter on a personal route is
/// refused, never ignored (issue 14, point 12).
/// </summary>
public sealed class RepresentativeReadTests
{
    private const string Parent = "parent-1";
    private const string OtherParent = "parent-2";
    private const string Pupil = "pupil-9";
    private static readonly DateOnly PupilBirthDate = new(2016, 1, 1);

    [Fact]
    public async Task Consents_ParentAuthorizedByTheHost_ReadsThePupilsDecisions_NotTheirOwn()
    {
        var asked = new List<string>();
        await using var app = await StartAsync(asked);
        var (_, _, parentsOwn) = await SeedAsync(app);

        var decisions = await JsonAsync(app, $"privacy/consents?subjectId={Pupil}", Parent);

        var consents = app.Services.GetRequiredService<IConsentService>();
        var expected = new List<(string, string)>();
        foreach (var purpose in app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PrivacyOptions>>().Value.Consent.Purposes)
        {
            expected.Add((purpose.Code, (await consents.GetDecisionAsync(Pupil, purpose.Code)).ToString()));
        }

        Assert.Equal(expected, decisions.EnumerateArray().Select(d => (d.GetProperty("purpose").GetString()!, d.GetProperty("decision").GetString()!)));
        Assert.Equal("Granted", Decision(decisions, ConsentPurposes.Support));
        Assert.Equal("NotGiven", Decision(decisions, ConsentPurposes.NewsAndOffers)); // the parent's own grant is theirs
        Assert.Equal(ConsentPurposes.NewsAndOffers, parentsOwn.Purpose);
        Assert.Equal([Pupil], asked);
    }

    [Fact]
    public async Task History_ParentAuthorized_ReadsEveryEventOfThePupil_WhoeverGaveIt_AndNoneOfTheirOwn()
    {
        await using var app = await StartAsync();
        var (byParent, byOtherParent, _) = await SeedAsync(app);

        var history = await JsonAsync(app, $"privacy/consents/history?subjectId={Pupil}", Parent);

        Assert.Equal([byParent.EventId, byOtherParent.EventId], history.EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
        Assert.All(history.EnumerateArray(), e => Assert.Equal(("Representative", "Parent"), (e.GetProperty("givenBy").GetString(), e.GetProperty("relationship").GetString())));
    }

    [Fact]
    public async Task Receipt_ParentAuthorized_ReadsAReceiptOfThePupilGivenByTheOtherParent()
    {
        await using var app = await StartAsync();
        var (_, byOtherParent, parentsOwn) = await SeedAsync(app);

        var receipt = await JsonAsync(app, $"privacy/consents/receipts/{byOtherParent.EventId}?subjectId={Pupil}", Parent);
        using var withoutSubject = await SendAsync(app, HttpMethod.Get, $"privacy/consents/receipts/{byOtherParent.EventId}", Parent);
        using var notThePupils = await SendAsync(app, HttpMethod.Get, $"privacy/consents/receipts/{parentsOwn.EventId}?subjectId={Pupil}", Parent);

        Assert.Equal(Pupil, receipt.GetProperty("pii_principal_id").GetString());
        Assert.Equal(byOtherParent.EventId.ToString("D"), receipt.GetProperty("receipt_id").GetString());
        await AssertProblemAsync(withoutSubject, HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(notThePupils, HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("privacy/consents?subjectId={s}")]
    [InlineData("privacy/consents/history?subjectId={s}")]
    [InlineData("privacy/consents/receipts/{r}?subjectId={s}")]
    public async Task Reads_ForASubjectTheHostDoesNotAuthorize_Are403_WithoutEchoingTheId(string template)
    {
        const string Stranger = "pupil-zq77q";
        var asked = new List<string>();
        await using var app = await StartAsync(asked);
        var (byParent, _, _) = await SeedAsync(app);
        await using var noCallback = await TestApp.StartAsync(a => a.MapPrivacyEndpoints("/privacy"));
        await noCallback.PublishPolicyAsync();
        var path = template.Replace("{r}", byParent.EventId.ToString("D"), StringComparison.Ordinal);

        using var stranger = await SendAsync(app, HttpMethod.Get, path.Replace("{s}", Stranger, StringComparison.Ordinal), Parent);
        using var unconfigured = await SendAsync(noCallback, HttpMethod.Get, path.Replace("{s}", Pupil, StringComparison.Ordinal), Parent);

        await AssertProblemAsync(stranger, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(unconfigured, HttpStatusCode.Forbidden, "forbidden");
        Assert.DoesNotContain("zq77q", await stranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Pupil, await unconfigured.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("no-store", stranger.Headers.CacheControl?.ToString());
        Assert.Equal([Stranger], asked);
    }

    [Theory]
    [InlineData("privacy/consents?subjectid={s}")]
    [InlineData("privacy/consents/history?SubjectId={s}")]
    public async Task SubjectId_IsMatchedWithoutRegardToCase_LikeEveryQueryParameter(string path)
    {
        await using var app = await StartAsync();
        await SeedAsync(app);

        using var response = await SendAsync(app, HttpMethod.Get, path.Replace("{s}", "pupil-zq78q", StringComparison.Ordinal), Parent);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task SubjectId_TheirOwn_ReadsTheirOwnData_WithoutAskingTheHost()
    {
        var asked = new List<string>();
        await using var app = await StartAsync(asked);
        var (_, _, parentsOwn) = await SeedAsync(app);

        var history = await JsonAsync(app, $"privacy/consents/history?subjectId={Parent}", Parent);

        Assert.Equal([parentsOwn.EventId], history.EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
        Assert.Empty(asked);
    }

    [Theory]
    [InlineData("privacy/consents?purpose=zq1q")]
    [InlineData("privacy/consents?subject=pupil-9")]
    [InlineData("privacy/consents?subjectId=pupil-9&zq2q=1")]
    [InlineData("privacy/consents/history?subjectld=pupil-9")]
    [InlineData("privacy/consents/history?at=2026-01-01&zq3q")]
    [InlineData("privacy/consents/receipts/{r}?zq4q=1")]
    [InlineData("privacy/me/export?subjectId=pupil-9")]
    [InlineData("privacy/me/export?zq5q=1")]
    public async Task PersonalRoutes_AnUnknownQueryParameter_Is400_NeverIgnored(string template)
    {
        var asked = new List<string>();
        await using var app = await StartAsync(asked);
        var (byParent, _, _) = await SeedAsync(app);

        using var response = await SendAsync(app, HttpMethod.Get, template.Replace("{r}", byParent.EventId.ToString("D"), StringComparison.Ordinal), Parent);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "bad-request");
        Assert.DoesNotContain("zq", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(asked);
    }

    [Theory]
    [InlineData("subjectId=")]
    [InlineData("subjectId=%20")]
    [InlineData("subjectId")]
    [InlineData("subjectId=pupil-9&subjectId=pupil-8")]
    [InlineData("subjectId=pupil-9&SUBJECTID=pupil-8")]
    [InlineData("subjectId=pupil%01zq6q")]
    [InlineData("subjectId={iin}")]
    [InlineData("subjectId=IIN{iin}")]
    public async Task SubjectId_EmptyRepeatedOrHoldingAnIin_Is400_AndTheHostIsNotAsked(string query)
    {
        var asked = new List<string>();
        await using var app = await StartAsync(asked);
        await SeedAsync(app);
        var iin = TestIins.Generate(9001);

        using var response = await SendAsync(app, HttpMethod.Get, "privacy/consents/history?" + query.Replace("{iin}", iin, StringComparison.Ordinal), Parent);

        var body = (await AssertProblemAsync(response, HttpStatusCode.BadRequest, "bad-request")).GetRawText();
        Assert.DoesNotContain(iin, body, StringComparison.Ordinal);
        Assert.DoesNotContain("zq6q", body, StringComparison.Ordinal);
        Assert.Empty(asked);
    }

    [Fact]
    public async Task Reads_Anonymous_AreStill401_WhateverTheQuery()
    {
        await using var app = await StartAsync();

        using var response = await SendAsync(app, HttpMethod.Get, $"privacy/consents?subjectId={Pupil}", user: null);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "sign-in-required");
    }

    private static string? Decision(JsonElement decisions, string purpose) =>
        decisions.EnumerateArray().Single(d => d.GetProperty("purpose").GetString() == purpose).GetProperty("decision").GetString();

    // One grant for the pupil by each parent (support, then data accuracy), and the first parent's own news consent.
    private static async Task<(ConsentEvent ByParent, ConsentEvent ByOtherParent, ConsentEvent ParentsOwn)> SeedAsync(TestApp app)
    {
        await app.PublishPolicyAsync();
        var consents = app.Services.GetRequiredService<IConsentService>();
        var byParent = await consents.GrantAsync(ForPupil(ConsentPurposes.Support, Parent));
        var byOther = await consents.GrantAsync(ForPupil(ConsentPurposes.DataAccuracy, OtherParent));
        var own = await consents.GrantAsync(new ConsentRequest { SubjectId = Parent, Purpose = ConsentPurposes.NewsAndOffers, PolicyVersion = 1, Language = "ru" });
        return (byParent, byOther, own);
    }

    private static ConsentRequest ForPupil(string purpose, string parent) => new()
    {
        SubjectId = Pupil,
        Purpose = purpose,
        PolicyVersion = 1,
        Language = "ru",
        SubjectBirthDate = PupilBirthDate,
        GivenBy = ConsentGiver.Representative(parent, RepresentativeRelationship.Parent),
    };

    private static Task<TestApp> StartAsync(List<string>? asked = null) => TestApp.StartAsync(
        a => a.MapPrivacyEndpoints("/privacy"),
        o => o.Endpoints.AuthorizeRepresentative = (http, subject) =>
        {
            asked?.Add(subject);
            return ValueTask.FromResult(subject == Pupil && http.User.Identity?.IsAuthenticated == true);
        });
}
