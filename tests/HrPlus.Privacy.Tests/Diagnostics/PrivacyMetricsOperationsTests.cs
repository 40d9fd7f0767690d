using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Changes;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Diagnostics;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Subjects;
using HrPlus.Privacy.Tests.Consent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace HrPlus.Privacy.Tests.Diagnostics;

/// <summary>The instruments of consent, the ledger, the audit trail, blocks and change notifications, one test each.</summary>
public sealed class PrivacyMetricsOperationsTests
{
    [Fact]
    public async Task ConsentDecisions_AreCountedByOutcome_InSnakeCase()
    {
        using var host = new ConsentTestHost();
        using var decisions = new MetricCollector<long>(Metrics(host).Meter, "hrplus.privacy.consent.decisions");
        var version = await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        await host.Consents.GrantAsync(ConsentTestHost.Request("pupil-1", ConsentPurposes.Support, version.Version));

        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync("pupil-1", ConsentPurposes.Support));
        Assert.Equal(ConsentDecision.Granted, await host.Consents.GetDecisionAsync("pupil-1", ConsentPurposes.Support));
        Assert.Equal(ConsentDecision.NotGiven, await host.Consents.GetDecisionAsync("pupil-2", ConsentPurposes.Support));
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material, "v2"));
        Assert.Equal(ConsentDecision.ReconsentRequired, await host.Consents.GetDecisionAsync("pupil-1", ConsentPurposes.Support));

        Assert.Equal(["granted", "granted", "not_given", "reconsent_required"], decisions.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!));
        Assert.All(decisions.GetMeasurementSnapshot(), m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public async Task LedgerAppends_AreCountedByKind()
    {
        using var host = new ConsentTestHost();
        using var appends = new MetricCollector<long>(Metrics(host).Meter, "hrplus.privacy.consent.ledger.appends");
        var version = await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));

        await host.Consents.GrantAsync(ConsentTestHost.Request("pupil-1", ConsentPurposes.Support, version.Version));
        await host.Consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = "pupil-1", Purpose = ConsentPurposes.Support, GivenBy = ConsentGiver.Subject });

        Assert.Equal(["granted", "withdrawn"], appends.GetMeasurementSnapshot().Select(m => (string)m.Tags["kind"]!));
    }

    [Fact]
    public async Task AuditAppends_AreCountedByOperation_WithNoSubjectOrActorInTheTags()
    {
        using var host = new ConsentTestHost();
        using var appends = new MetricCollector<long>(Metrics(host).Meter, "hrplus.privacy.audit.appends");
        var audit = host.Services.GetRequiredService<IAuditTrail>();

        await audit.AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "teacher-1", SubjectId = "pupil-1" });
        await audit.AppendAsync(new AuditEvent { Operation = AuditOperation.Change, Actor = "teacher-1", SubjectId = "pupil-1" });

        Assert.Equal(["access", "change"], appends.GetMeasurementSnapshot().Select(m => (string)m.Tags["operation"]!));
        Assert.All(appends.GetMeasurementSnapshot(), m => Assert.Equal(["operation"], m.Tags.Keys));
    }

    [Fact]
    public async Task BlocksInForce_IsObservedFromTheLoadedBlockList_AndNothingBeforeItLoads()
    {
        using var host = new ConsentTestHost();
        using var blocks = new MetricCollector<int>(Metrics(host).Meter, "hrplus.privacy.blocks");
        var blocking = host.Services.GetRequiredService<ISubjectBlocking>();

        blocks.RecordObservableInstruments();
        Assert.Empty(blocks.GetMeasurementSnapshot());

        await blocking.BlockAsync("pupil-1", "accuracy disputed", BlockRequester.Subject, "operator-1");
        await blocking.BlockAsync("pupil-2", "accuracy disputed", BlockRequester.Subject, "operator-1");
        blocks.RecordObservableInstruments();
        await blocking.UnblockAsync("pupil-1", "operator-2");
        blocks.RecordObservableInstruments();

        Assert.Equal([2, 1], blocks.GetMeasurementSnapshot().Select(m => m.Value));
    }

    [Fact]
    public void Notifications_AreCountedByChange()
    {
        using var host = new ConsentTestHost();
        using var notifications = new MetricCollector<long>(Metrics(host).Meter, "hrplus.privacy.notifications");
        var dispatcher = host.Services.GetRequiredService<PrivacyChangeDispatcher>();

        dispatcher.Post(PrivacyChange.Blocks);
        dispatcher.Post(PrivacyChange.Keys);
        dispatcher.Post(PrivacyChange.Consents);

        Assert.Equal(["blocks", "keys", "consents"], notifications.GetMeasurementSnapshot().Select(m => (string)m.Tags["change"]!));
    }

    [Theory]
    [InlineData("Granted", "granted")]
    [InlineData("ReconsentRequired", "reconsent_required")]
    [InlineData("KeyDestroyed", "key_destroyed")]
    public void SnakeCase_LowerCasesAndSeparatesWords(string name, string expected) => Assert.Equal(expected, PrivacyMetrics.SnakeCase(name));

    private static PrivacyMetrics Metrics(ConsentTestHost host) => host.Services.GetRequiredService<PrivacyMetrics>();
}
