using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Subjects;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tests.Consent;

/// <summary>Issue 26 in the core: a blocked subject's decision, and the birth dates a grant accepts.</summary>
public sealed class ConsentEdgeTests
{
    private const string Subject = "pupil-0001";

    [Fact]
    public async Task GetDecision_BlockedSubject_IsBlockedForEveryPurpose_UntilUnblocked()
    {
        using var host = new ConsentTestHost();
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.NewsAndOffers, 1));
        var blocking = host.Services.GetRequiredService<ISubjectBlocking>();
        var purposes = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PrivacyOptions>>().Value.Consent.Purposes.Select(p => p.Code).ToList();
        var beforeBlock = host.Time.GetUtcNow();
        host.Time.Advance(TimeSpan.FromMinutes(1));

        await blocking.BlockAsync(Subject, "accuracy disputed", BlockRequester.Subject, Subject);

        foreach (var purpose in purposes)
        {
            Assert.Equal(ConsentDecision.Blocked, await host.Consents.GetDecisionAsync(Subject, purpose));
        }

        // What was in force at an earlier instant is still answered from the ledger: the block is about now.
        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers, beforeBlock));
        Assert.Equal(ConsentDecision.NotGiven, await host.Consents.GetDecisionAsync("pupil-0002", ConsentPurposes.NewsAndOffers));

        await blocking.UnblockAsync(Subject, "operator-1");

        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers));
        Assert.Equal(ConsentDecision.NotGiven, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Support));
    }

    [Theory]
    [InlineData(1899, 12, 31)]
    [InlineData(1, 1, 1)]
    [InlineData(9999, 12, 31)]
    [InlineData(2026, 9, 2)]
    public async Task Grant_BirthDateBefore1900OrInTheFuture_IsArgumentException_NothingRecorded(int y, int m, int d)
    {
        using var host = new ConsentTestHost();
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        var byParent = ConsentGiver.Representative("parent-0001", RepresentativeRelationship.Parent);

        var own = await Assert.ThrowsAsync<ArgumentException>(async () => await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.Support, 1, new DateOnly(y, m, d))));
        var represented = await Assert.ThrowsAsync<ArgumentException>(async () => await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.Support, 1, new DateOnly(y, m, d), byParent)));

        Assert.All(new[] { own, represented }, e => Assert.DoesNotContain(new DateOnly(y, m, d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal));
        Assert.Empty(await host.Consents.GetHistoryAsync(Subject));
    }

    [Fact]
    public async Task Grant_BirthDateOnTheFirstOf1900_IsAccepted()
    {
        using var host = new ConsentTestHost();
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));

        var granted = await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.Support, 1, new DateOnly(1900, 1, 1)));

        Assert.Null(granted.SubjectAdultFrom);
    }
}
