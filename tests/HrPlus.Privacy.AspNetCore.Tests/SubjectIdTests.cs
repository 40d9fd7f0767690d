using System.Net;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static HrPlus.Privacy.AspNetCore.Tests.ApiCalls;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>Point 11 of issue 15: an id that contains an IIN, however written, is refused as a subject id.</summary>
public sealed class SubjectIdTests
{
    private static readonly string Iin = TestIins.Generate(11);

    public static TheoryData<string> IdsHoldingAnIin() =>
    [
        Iin,
        Iin[..6] + "-" + Iin[6..],
        Iin[..6] + " " + Iin[6..],
        "IIN" + Iin,
        "pupil-" + Iin + "-x",
        "(" + Iin[..3] + ") " + Iin[3..],
    ];

    [Theory]
    [MemberData(nameof(IdsHoldingAnIin))]
    public async Task Grant_WithAnIdHoldingAnIin_IsRefused_AndNothingIsStored(string id)
    {
        await using var app = await TestApp.StartAsync(a => a.MapPrivacyEndpoints("/privacy"));
        await app.PublishPolicyAsync();
        var consents = app.Services.GetRequiredService<IConsentService>();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await consents.GrantAsync(new ConsentRequest
        {
            SubjectId = id,
            Purpose = ConsentPurposes.Support,
            PolicyVersion = 1,
            Language = "ru",
        }));
        using var response = await SendAsync(app, HttpMethod.Post, "privacy/consents/support", id, """{"policyVersion":1,"language":"ru"}""");

        Assert.Contains("IIN", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Iin[6..], error.Message, StringComparison.Ordinal);
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "bad-request");
        Assert.DoesNotContain(Iin[6..], problem.ToString(), StringComparison.Ordinal);
        Assert.Empty(await consents.GetHistoryAsync(id));
        Assert.Equal(0, (await consents.VerifyAsync()).EntryCount);
    }

    [Theory]
    [MemberData(nameof(IdsHoldingAnIin))]
    public async Task Block_WithAnIdHoldingAnIin_IsRefused_AndTheAuditTrailStaysEmpty(string id)
    {
        await using var app = await TestApp.StartAsync(a => a.MapPrivacyEndpoints("/privacy"));
        var blocking = app.Services.GetRequiredService<ISubjectBlocking>();

        await Assert.ThrowsAsync<ArgumentException>(async () => await blocking.BlockAsync(id, "checking a request", BlockRequester.Subject, "operator-1"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await blocking.BlockAsync("pupil-1", "checking a request", BlockRequester.Subject, id));

        Assert.Null(await app.Services.GetRequiredService<IAuditStore>().GetHeadAsync(default));
    }

    [Theory]
    [InlineData("pupil-42")]
    [InlineData("123456789012")]
    [InlineData("2f1c7a9e-2b1d-4c4e-9a57-0d3c1f0e9b11")]
    [InlineData("user 2024-11-25")]
    public async Task Grant_WithAnOpaqueId_IsRecorded(string id)
    {
        await using var app = await TestApp.StartAsync(a => a.MapPrivacyEndpoints("/privacy"));
        await app.PublishPolicyAsync();

        using var response = await SendAsync(app, HttpMethod.Post, "privacy/consents/support", id, """{"policyVersion":1,"language":"ru"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Single(await app.Services.GetRequiredService<IConsentService>().GetHistoryAsync(id));
    }
}
