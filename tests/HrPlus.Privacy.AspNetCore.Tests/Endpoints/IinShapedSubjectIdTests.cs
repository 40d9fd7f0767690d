using System.Net;
using HrPlus.Privacy.Consent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static HrPlus.Privacy.AspNetCore.Tests.ApiCalls;

namespace HrPlus.Privacy.AspNetCore.Tests.Endpoints;

/// <summary>
/// Issue 26, point 5: every route that takes a subject id refuses an IIN-shaped one as erasure does (400 problem), before
/// the host's callbacks see it, so no IIN reaches a key store or a log as an id.
/// </summary>
public sealed class IinShapedSubjectIdTests
{
    private static readonly string Iin = TestIins.Generate(2605);

    public static TheoryData<string, string, string> Requests() => new()
    {
        { "POST", "privacy/consents/support", "{\"policyVersion\":1,\"language\":\"ru\",\"subjectId\":\"{id}\",\"relationship\":\"parent\"}" },
        { "DELETE", "privacy/consents/support", "{\"subjectId\":\"{id}\",\"relationship\":\"parent\"}" },
        { "GET", "privacy/consents?subjectId={id}", string.Empty },
        { "GET", "privacy/consents/history?subjectId={id}", string.Empty },
        { "POST", "privacy/admin/subjects/{id}/erase", "{\"reason\":\"subject asked\"}" },
        { "POST", "privacy/admin/subjects/{id}/block", "{\"reason\":\"checking\",\"requester\":\"operator\"}" },
        { "GET", "privacy/admin/subjects/{id}/export", string.Empty },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Route_WithAnIinShapedSubjectId_Is400_TheCallbacksNeverSeeIt_NothingRecorded(string method, string path, string body)
    {
        foreach (var id in new[] { Iin, "IIN" + Iin, Iin[..6] + "-" + Iin[6..] })
        {
            var seen = new List<string>();
            await using var app = await HttpSurfaceTests.StartAsync(options: o =>
            {
                o.Endpoints.AuthorizeRepresentative = (_, subject) => { lock (seen) { seen.Add(subject); } return ValueTask.FromResult(true); };
                o.Endpoints.ResolveSubjectBirthDate = (_, subject) => { lock (seen) { seen.Add(subject); } return ValueTask.FromResult<DateOnly?>(new DateOnly(2014, 3, 10)); };
            });
            await app.PublishPolicyAsync();
            var escaped = Uri.EscapeDataString(id);

            using var response = await SendAsync(
                app,
                new HttpMethod(method),
                path.Replace("{id}", escaped, StringComparison.Ordinal),
                path.Contains("admin", StringComparison.Ordinal) ? "operator-1" : "parent-1",
                body.Length == 0 ? null : body.Replace("{id}", id, StringComparison.Ordinal));

            var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "bad-request");
            Assert.DoesNotContain(Iin[..6], problem.GetRawText(), StringComparison.Ordinal);
            Assert.Empty(seen);
            Assert.True((await app.Services.GetRequiredService<IConsentService>().VerifyAsync()).EntryCount == 0);
        }
    }
}
