using System.Net;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Identifiers;
using HrPlus.Privacy.Policies;

namespace HrPlus.Privacy.Tests.Consent;

public sealed class ConsentDecisionTests
{
    private const string Subject = "pupil-0001";
    private const string Parent = "parent-0001";

    [Fact]
    public async Task PolicyChanges_EditorialKeepsConsent_MaterialRequiresReconsent()
    {
        using var host = new ConsentTestHost();
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material, "v1"));
        var granted = await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.NewsAndOffers, 1));
        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers));

        host.Time.Advance(TimeSpan.FromDays(10));
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Editorial, "v2"));
        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers));

        host.Time.Advance(TimeSpan.FromDays(10));
        var v3At = host.Time.GetUtcNow().AddDays(7);
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material, "v3", v3At));
        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers));
        Assert.Equal(ConsentDecision.ReconsentRequired, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers, v3At));

        host.Time.Advance(TimeSpan.FromDays(7));
        Assert.Equal(ConsentDecision.ReconsentRequired, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers));
        // The past is answered as it was.
        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers, granted.OccurredAt));
        Assert.Equal(ConsentDecision.NotGiven, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers, granted.OccurredAt.AddTicks(-10)));

        // Consenting again to v3 clears it.
        await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.NewsAndOffers, 3));
        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers));
        Assert.Equal(ConsentDecision.NotGiven, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Advertising));
    }

    [Fact]
    public async Task Expiry_EndsConsentAtItsTerm()
    {
        using var host = new ConsentTestHost();
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        var end = host.Time.GetUtcNow().AddDays(365);
        await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.Advertising, 1, expiresAt: end));

        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Advertising, end.AddTicks(-10)));
        Assert.Equal(ConsentDecision.Expired, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Advertising, end));
        host.Time.Advance(TimeSpan.FromDays(366));
        Assert.Equal(ConsentDecision.Expired, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Advertising));

        var error = await Assert.ThrowsAsync<ConsentRejectedException>(async () =>
            await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.Advertising, 1, expiresAt: host.Time.GetUtcNow())));
        Assert.Equal(ConsentRejectionReason.TermInThePast, error.Reason);
    }

    [Fact]
    public async Task Withdrawal_IsRecordedAndSeenAtOnce_AndWithdrawingTwiceIsRefused()
    {
        using var host = new ConsentTestHost();
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.Feedback, 1));
        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Feedback));

        host.Time.Advance(TimeSpan.FromMinutes(1));
        var withdrawn = await host.Consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = Subject, Purpose = ConsentPurposes.Feedback, Channel = ConsentChannel.Paper });

        Assert.Equal(ConsentEventKind.Withdrawn, withdrawn.Kind);
        Assert.Equal(2, withdrawn.Sequence);
        Assert.Equal(ConsentChannel.Paper, withdrawn.Channel);
        Assert.Equal(ConsentDecision.Withdrawn, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Feedback));
        var error = await Assert.ThrowsAsync<ConsentRejectedException>(async () =>
            await host.Consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = Subject, Purpose = ConsentPurposes.Feedback }));
        Assert.Equal(ConsentRejectionReason.NothingToWithdraw, error.Reason);
        var never = await Assert.ThrowsAsync<ConsentRejectedException>(async () =>
            await host.Consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = Subject, Purpose = ConsentPurposes.Support }));
        Assert.Equal(ConsentRejectionReason.NothingToWithdraw, never.Reason);

        var history = await host.Consents.GetHistoryAsync(Subject);
        Assert.Equal([ConsentEventKind.Granted, ConsentEventKind.Withdrawn], history.Select(e => e.Kind));
    }

    [Fact]
    public async Task MinorAged10_OnlyARepresentativeConsents()
    {
        using var host = new ConsentTestHost();
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        var today = DateOnly.FromDateTime(host.Time.GetUtcNow().UtcDateTime);
        var birth = today.AddYears(-10);

        var self = await Assert.ThrowsAsync<ConsentRejectedException>(async () =>
            await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.Identification, 1, birth)));
        Assert.Equal(ConsentRejectionReason.SubjectUnder14, self.Reason);
        Assert.DoesNotContain(Subject, self.Message, StringComparison.Ordinal);

        var alsoAgreed = ConsentTestHost.Request(Subject, ConsentPurposes.Identification, 1, birth, ConsentGiver.Representative(Parent, RepresentativeRelationship.Parent));
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Consents.GrantAsync(new ConsentRequest
        {
            SubjectId = alsoAgreed.SubjectId,
            Purpose = alsoAgreed.Purpose,
            PolicyVersion = 1,
            Language = "ru",
            SubjectBirthDate = birth,
            GivenBy = alsoAgreed.GivenBy,
            MinorAlsoAgreed = true,
        }));

        var byParent = await host.Consents.GrantAsync(alsoAgreed);
        Assert.Equal(ConsentGiverKind.Representative, byParent.GivenBy);
        Assert.Equal(Parent, byParent.RepresentativeId);
        Assert.Equal(RepresentativeRelationship.Parent, byParent.Relationship);
        Assert.Equal(birth.AddYears(18), byParent.SubjectAdultFrom);
        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Identification));
        Assert.Single(await host.Consents.GetHistoryAsync(Subject));
    }

    [Fact]
    public async Task MinorAged15_NeedsTheRepresentative_OwnAgreementRecordedBeside()
    {
        using var host = new ConsentTestHost();
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        var today = DateOnly.FromDateTime(host.Time.GetUtcNow().UtcDateTime);
        var birth = today.AddYears(-15);

        var self = await Assert.ThrowsAsync<ConsentRejectedException>(async () =>
            await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.Identification, 1, birth)));
        Assert.Equal(ConsentRejectionReason.RepresentativeRequired, self.Reason);

        var granted = await host.Consents.GrantAsync(new ConsentRequest
        {
            SubjectId = Subject,
            Purpose = ConsentPurposes.Identification,
            PolicyVersion = 1,
            Language = "kk",
            SubjectBirthDate = birth,
            GivenBy = ConsentGiver.Representative(Parent, RepresentativeRelationship.Trustee),
            MinorAlsoAgreed = true,
        });

        Assert.True(granted.MinorAlsoAgreed);
        Assert.Equal("kk", granted.Language);
        Assert.Equal(PolicyText.Hash("Құпиялылық саясаты (v)"), granted.PolicyTextHash);
        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Identification));
    }

    [Fact]
    public async Task RepresentativeConsent_BecomesReconsentRequired_OnTheEighteenthBirthday()
    {
        // 2026-09-01 04:00 UTC is 09:00 in Kazakhstan (UTC+5).
        using var host = new ConsentTestHost();
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        var birth = new DateOnly(2008, 12, 3);
        await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.Identification, 1, birth, ConsentGiver.Representative(Parent, RepresentativeRelationship.Parent)));

        // Local midnight of 3 December 2026 is 2 December 19:00 UTC.
        var birthdayStartsUtc = new DateTimeOffset(2026, 12, 2, 19, 0, 0, TimeSpan.Zero);
        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Identification, birthdayStartsUtc.AddTicks(-10)));
        Assert.Equal(ConsentDecision.ReconsentRequired, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Identification, birthdayStartsUtc));

        host.Time.SetUtcNow(birthdayStartsUtc.AddHours(1));
        Assert.Equal(ConsentDecision.ReconsentRequired, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Identification));

        // Now an adult, the subject consents alone and the decision is Granted again.
        await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.Identification, 1, birth));
        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Identification));
    }

    [Fact]
    public async Task Guardian_OfAnAdult_ConsentDoesNotEndByAge()
    {
        using var host = new ConsentTestHost();
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        var granted = await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.Support, 1, new DateOnly(1990, 5, 5), ConsentGiver.Representative("guardian-1", RepresentativeRelationship.Guardian)));

        Assert.Null(granted.SubjectAdultFrom);
        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Support, host.Time.GetUtcNow().AddYears(5)));
    }

    [Theory]
    [InlineData(2008, 2, 29, 2026, 3, 1)]
    [InlineData(2008, 3, 1, 2026, 3, 1)]
    [InlineData(2010, 12, 31, 2028, 12, 31)]
    public void AdultFrom_IsTheFirstDayOfAge18(int y, int m, int d, int ay, int am, int ad)
    {
        var birth = new DateOnly(y, m, d);
        var adult = new DateOnly(ay, am, ad);

        Assert.Equal(adult, ConsentService.AdultFrom(birth));
        Assert.Equal(18, ConsentService.AgeOn(birth, adult));
        Assert.Equal(17, ConsentService.AgeOn(birth, adult.AddDays(-1)));
    }

    [Fact]
    public async Task Grant_RecordsEverythingArticle8Asks_AndEvidenceWithoutTheRawAddress()
    {
        using var host = new ConsentTestHost();
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));

        var e = await host.Consents.GrantAsync(new ConsentRequest
        {
            SubjectId = Subject,
            Purpose = ConsentPurposes.PartnerServices,
            PolicyVersion = 1,
            Language = "en",
            Channel = ConsentChannel.StateConsentService,
            IpAddress = IPAddress.Parse("::ffff:203.0.113.77"),
            UserAgent = "Mozilla/5.0\r\nX-Injected: 1" + new string('a', 600),
            ExpiresAt = host.Time.GetUtcNow().AddYears(1),
            DataCategories = ["phone", "full-name", "phone"],
            ThirdPartyTransfer = true,
            CrossBorderTransfer = false,
            PublicSources = true,
        });

        Assert.Equal(1, e.Sequence);
        Assert.Equal(ConsentTestHost.OperatorName, e.OperatorName);
        Assert.Equal(ConsentTestHost.OperatorBin, e.OperatorBin);
        Assert.Equal(["full-name", "phone"], e.DataCategories);
        Assert.True(e.ThirdPartyTransfer);
        Assert.False(e.CrossBorderTransfer);
        Assert.True(e.PublicSources);
        Assert.Equal("203.0.113.0", e.EvidenceIpAddress);
        Assert.Equal(512, e.EvidenceUserAgent!.Length);
        Assert.StartsWith("Mozilla/5.0\\u000d\\u000aX-Injected: 1aaa", e.EvidenceUserAgent, StringComparison.Ordinal);
        Assert.Equal(ConsentChannel.StateConsentService, e.Channel);
        Assert.Equal(host.Time.GetUtcNow().AddYears(1), e.ExpiresAt);
        Assert.Equal(PolicyText.Hash("Privacy policy (v)"), e.PolicyTextHash);
    }

    [Fact]
    public async Task Grant_BadRequests_AreRefusedWithTheirReason()
    {
        using var host = new ConsentTestHost();
        var future = host.Time.GetUtcNow().AddDays(3);
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material, "v2", future));

        async Task<ConsentRejectionReason> Reason(ConsentRequest r) =>
            (await Assert.ThrowsAsync<ConsentRejectedException>(async () => await host.Consents.GrantAsync(r))).Reason;

        Assert.Equal(ConsentRejectionReason.UnknownPurpose, await Reason(ConsentTestHost.Request(Subject, "telemarketing", 1)));
        Assert.Equal(ConsentRejectionReason.UnknownPolicyVersion, await Reason(ConsentTestHost.Request(Subject, ConsentPurposes.Support, 9)));
        Assert.Equal(ConsentRejectionReason.PolicyNotInEffect, await Reason(ConsentTestHost.Request(Subject, ConsentPurposes.Support, 2)));
        var german = ConsentTestHost.Request(Subject, ConsentPurposes.Support, 1);
        Assert.Equal(ConsentRejectionReason.LanguageNotPublished, await Reason(new ConsentRequest { SubjectId = Subject, Purpose = german.Purpose, PolicyVersion = 1, Language = "de" }));

        // A raw IIN as the subject id is refused without echoing it.
        Assert.True(Iin.Create(new DateOnly(2012, 4, 10), Sex.Female, 13, out var synthetic));
        var iin = synthetic.ToString();
        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await host.Consents.GrantAsync(ConsentTestHost.Request(iin, ConsentPurposes.Support, 1)));
        Assert.DoesNotContain(iin, error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Consents.GrantAsync(ConsentTestHost.Request("a\u0000b", ConsentPurposes.Support, 1)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Consents.GrantAsync(ConsentTestHost.Request(new string('x', 129), ConsentPurposes.Support, 1)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Consents.GrantAsync(new ConsentRequest
        {
            SubjectId = Subject,
            Purpose = ConsentPurposes.Support,
            PolicyVersion = 1,
            Language = "ru",
            DataCategories = ["Full Name"],
        }));
        Assert.Empty(await host.Consents.GetHistoryAsync(Subject));
    }

    [Fact]
    public async Task Grant_WithoutOperatorName_FailsSayingWhatToSet()
    {
        using var host = new ConsentTestHost(configure: o => o.Consent.OperatorName = null);
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));

        var error = await Assert.ThrowsAsync<ConsentRejectedException>(async () => await host.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.Support, 1)));
        Assert.Equal(ConsentRejectionReason.OperatorNotConfigured, error.Reason);
        Assert.Contains("PrivacyOptions.Consent.OperatorName", error.Message, StringComparison.Ordinal);

        // Everything but grants works without it.
        Assert.Equal(ConsentDecision.NotGiven, await host.Consents.GetDecisionAsync(Subject, ConsentPurposes.Support));
        Assert.Empty(await host.Consents.GetHistoryAsync(Subject));
        Assert.True((await host.Consents.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Decision_OnAnotherInstance_SeesAWithdrawalWithinTheCacheDuration()
    {
        var ledger = new InMemoryConsentLedgerStore();
        var policies = new InMemoryPolicyStore();
        using var a = new ConsentTestHost(policyStore: policies, ledger: ledger);
        using var b = new ConsentTestHost(time: a.Time, policyStore: policies, ledger: ledger);
        await a.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        await a.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.Advertising, 1));
        Assert.Equal(ConsentDecision.Granted, await b.Consents.GetDecisionAsync(Subject, ConsentPurposes.Advertising));

        await a.Consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = Subject, Purpose = ConsentPurposes.Advertising });

        Assert.Equal(ConsentDecision.Withdrawn, await a.Consents.GetDecisionAsync(Subject, ConsentPurposes.Advertising));
        Assert.Equal(ConsentDecision.Granted, await b.Consents.GetDecisionAsync(Subject, ConsentPurposes.Advertising));
        a.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(ConsentDecision.Granted, await b.Consents.GetDecisionAsync(Subject, ConsentPurposes.Advertising));
        a.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ConsentDecision.Withdrawn, await b.Consents.GetDecisionAsync(Subject, ConsentPurposes.Advertising));
    }

    [Fact]
    public async Task Decision_WithCachingOff_ReadsTheStoreEveryTime()
    {
        var ledger = new InMemoryConsentLedgerStore();
        var policies = new InMemoryPolicyStore();
        using var a = new ConsentTestHost(policyStore: policies, ledger: ledger);
        using var b = new ConsentTestHost(time: a.Time, policyStore: policies, ledger: ledger, configure: o => o.Consent.CacheDuration = TimeSpan.Zero);
        await a.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        Assert.Equal(ConsentDecision.NotGiven, await b.Consents.GetDecisionAsync(Subject, ConsentPurposes.Advertising));

        await a.Consents.GrantAsync(ConsentTestHost.Request(Subject, ConsentPurposes.Advertising, 1));

        Assert.Equal(ConsentDecision.Granted, await b.Consents.GetDecisionAsync(Subject, ConsentPurposes.Advertising));
    }
}
