using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Depersonalization;
using HrPlus.Privacy.Disclosures;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using static HrPlus.Privacy.Tests.Depersonalization.DepersonalizationFixtures;

namespace HrPlus.Privacy.Tests.Depersonalization;

/// <summary>The registered service: runs recorded in the audit trail and, for a recipient, the disclosure log.</summary>
public sealed class DepersonalizerTests
{
    [Fact]
    public async Task AnonymizeAsync_RecordsOneExportEntryWithCountsAndModels()
    {
        await using var services = Services();
        var depersonalizer = services.GetRequiredService<IDepersonalizer>();

        var result = await depersonalizer.AnonymizeAsync(Pupils(), PupilSchema(), new AnonymizationOptions { K = 2, MaxSuppression = 0.25 }, Release);

        Assert.Equal(6, result.Rows.Count);
        var entry = Assert.Single(await AuditEntriesAsync(services));
        Assert.Equal(AuditOperation.Export, entry.Operation);
        Assert.Equal("psychologist-1", entry.Actor);
        Assert.Equal("monitoring-report", entry.Purpose);
        Assert.Equal("depersonalized:class-report", entry.Target);
        Assert.Null(entry.SubjectId);
        Assert.Equal("microdata; rows=8; released=6; suppressed=2; models=k-anonymity(k=2); levels=age:1,sex:0; discernibility=28", entry.Detail);
        Assert.Empty(await services.GetRequiredService<IDisclosureLog>().ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task AnonymizeAsync_ToAStateBody_RecordsTheReleasedSubjectsInTheDisclosureLog()
    {
        await using var services = Services();
        var depersonalizer = services.GetRequiredService<IDepersonalizer>();
        var release = new ReleaseContext
        {
            Actor = "director-1",
            Purpose = "legal-obligation",
            ReportName = "district-monitoring",
            Recipient = "Education Department of Almaty",
            LegalBasis = "Request No. 12 of 2026-11-20",
        };

        await depersonalizer.AnonymizeAsync(Pupils(), PupilSchema(), new AnonymizationOptions { K = 2, MaxSuppression = 0.25 }, release);

        var disclosure = Assert.Single(await services.GetRequiredService<IDisclosureLog>().ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Equal(["p1", "p2", "p3", "p4", "p5", "p6"], disclosure.Subjects); // p7 and p8 were suppressed
        Assert.Equal(["depersonalized-report"], disclosure.DataCategories);
        Assert.Equal("Education Department of Almaty", disclosure.Recipient);
        var entries = await AuditEntriesAsync(services);
        Assert.Equal(7, entries.Count); // one transfer per subject from the disclosure log, then the run naming the disclosure
        Assert.EndsWith("; recipient=Education Department of Almaty; disclosures=" + disclosure.Id.ToString("D"), entries[6].Detail, StringComparison.Ordinal);
        Assert.All(entries.Take(6), e => Assert.Equal(AuditOperation.Transfer, e.Operation));
    }

    [Fact]
    public async Task AnonymizeAsync_FailedOrRefusedRuns_RecordNothing()
    {
        await using var services = Services();
        var depersonalizer = services.GetRequiredService<IDepersonalizer>();
        var noSubjects = new DatasetSchema().DirectIdentifier("id").QuasiIdentifier("age", Hierarchy.Intervals(5, 10)).QuasiIdentifier("sex", Hierarchy.Categorical()).Sensitive("score");
        var toRecipient = new ReleaseContext { Actor = "director-1", Purpose = "legal-obligation", Recipient = "Akimat", LegalBasis = "Law 94-V" };

        var missing = await Assert.ThrowsAsync<DepersonalizationException>(async () => await depersonalizer.AnonymizeAsync(Pupils(), noSubjects, new AnonymizationOptions { K = 2 }, toRecipient));
        Assert.Equal(DepersonalizationError.MissingSubjectColumn, missing.Error);
        var tooStrict = await Assert.ThrowsAsync<DepersonalizationException>(async () => await depersonalizer.AnonymizeAsync(Pupils(), PupilSchema(), new AnonymizationOptions { K = 9, MaxSuppression = 0 }, Release));
        Assert.Equal(DepersonalizationError.SuppressionLimitExceeded, tooStrict.Error);
        await Assert.ThrowsAsync<ArgumentException>(async () => await depersonalizer.AnonymizeAsync(Pupils(), PupilSchema(), new AnonymizationOptions(), new ReleaseContext { Actor = "a", Purpose = "" }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await depersonalizer.AnonymizeAsync(Pupils(), PupilSchema(), new AnonymizationOptions(), new ReleaseContext { Actor = "a", Purpose = "p", Recipient = "Akimat" }));

        Assert.Empty(await AuditEntriesAsync(services));
    }

    [Fact]
    public async Task AnonymizeAsync_ToAStateBodyWithIinsAsSubjectIds_IsRefusedBeforeAnythingIsRecorded()
    {
        await using var services = Services();
        var depersonalizer = services.GetRequiredService<IDepersonalizer>();
        var data = new Dataset(["iin", "sex"]);
        var iins = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(HrPlus.Privacy.Identifiers.Iin.Create(new DateOnly(2012, 3, 4 + i), HrPlus.Privacy.Identifiers.Sex.Female, 100 + i, out var iin));
            iins.Add(iin.ToString());
            data.Add(iin.ToString(), "F");
        }

        var schema = new DatasetSchema().DirectIdentifier("iin", subjectId: true).QuasiIdentifier("sex", Hierarchy.Categorical());
        var release = new ReleaseContext { Actor = "director-1", Purpose = "legal-obligation", Recipient = "Akimat", LegalBasis = "Law 94-V" };

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await depersonalizer.AnonymizeAsync(data, schema, new AnonymizationOptions { K = 2 }, release));

        Assert.DoesNotContain(iins, iin => error.Message.Contains(iin, StringComparison.Ordinal));
        Assert.Empty(await AuditEntriesAsync(services));
        Assert.Empty(await services.GetRequiredService<IDisclosureLog>().ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task AnonymizeAsync_PseudonymizedIdentifier_IsTheKeyedPseudonymNeverTheId()
    {
        await using var services = Services();
        var depersonalizer = services.GetRequiredService<IDepersonalizer>();
        var pseudonymizer = services.GetRequiredService<IPseudonymizer>();

        var result = await depersonalizer.AnonymizeAsync(Pupils(), PupilSchema(DirectIdentifierHandling.Pseudonymize), new AnonymizationOptions { K = 2, MaxSuppression = 0 }, Release);

        Assert.Equal(["id", "age", "sex", "score"], result.Columns);
        Assert.Equal(
            Enumerable.Range(1, 8).Select(i => pseudonymizer.Pseudonymize("p" + i, "depersonalization:id")).Order(StringComparer.Ordinal),
            result.Rows.Select(r => r[0]).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(result.Rows, r => r[0].StartsWith('p') && r[0].Length == 2);
    }

    [Fact]
    public async Task AggregateAsync_RecordsTheTableRunAndItsDisclosure()
    {
        await using var services = Services();
        var depersonalizer = services.GetRequiredService<IDepersonalizer>();
        var data = new Dataset(["pupil", "class", "band"]);
        for (var i = 0; i < 12; i++)
        {
            data.Add("pupil-" + i, i < 6 ? "7A" : "7B", i % 3 == 0 ? "high" : "low");
        }

        var report = await depersonalizer.AggregateAsync(
            data,
            new AggregateRequest { RowColumn = "class", ColumnColumn = "band", SubjectColumn = "pupil", K = 3 },
            new ReleaseContext { Actor = "director-1", Purpose = "legal-obligation", ReportName = "bands", Recipient = "Akimat", LegalBasis = "Law 94-V" });

        Assert.Equal([2, 2], report.Cells.Select(r => r.Count(c => c.IsHidden)));
        var entries = await AuditEntriesAsync(services);
        var disclosure = Assert.Single(await services.GetRequiredService<IDisclosureLog>().ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Equal("table class x band; rows=12; cells=9; k=3; primary=2; complementary=2; recipient=Akimat; disclosures=" + disclosure.Id.ToString("D"), entries[^1].Detail);
        Assert.Equal(12, disclosure.Subjects.Count);
    }

    [Fact]
    public async Task AddHrPlusPrivacy_RegistersWithTryAdd_AndNeedsTheAuditStoreOnlyToRun()
    {
        var own = new ServiceCollection();
        own.AddDataProtection().UseEphemeralDataProtectionProvider();
        var mine = new RefusingDepersonalizer();
        own.AddSingleton<IDepersonalizer>(mine);
        own.AddHrPlusPrivacy();
        await using (var provider = own.BuildServiceProvider())
        {
            Assert.Same(mine, provider.GetRequiredService<IDepersonalizer>());
        }

        var noStores = new ServiceCollection();
        noStores.AddDataProtection().UseEphemeralDataProtectionProvider();
        noStores.AddHrPlusPrivacy().UseInMemoryFieldKeys();
        await using var services = noStores.BuildServiceProvider();
        var depersonalizer = services.GetRequiredService<IDepersonalizer>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await depersonalizer.AnonymizeAsync(Pupils(), PupilSchema(), new AnonymizationOptions { K = 2 }, Release));
        Assert.Contains("UseInMemoryStores", error.Message, StringComparison.Ordinal);
    }

    private sealed class RefusingDepersonalizer : IDepersonalizer
    {
        public ValueTask<DepersonalizationResult> AnonymizeAsync(Dataset data, DatasetSchema schema, AnonymizationOptions options, ReleaseContext release, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("refused");

        public ValueTask<AggregateReport> AggregateAsync(Dataset data, AggregateRequest request, ReleaseContext release, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("refused");
    }
}
