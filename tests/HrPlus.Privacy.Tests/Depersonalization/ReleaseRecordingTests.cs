using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Depersonalization;
using HrPlus.Privacy.Disclosures;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static HrPlus.Privacy.Tests.Depersonalization.DepersonalizationFixtures;

namespace HrPlus.Privacy.Tests.Depersonalization;

/// <summary>All-or-nothing releases: a refused release records nothing; a successful one records the disclosure, then the Export entry naming it.</summary>
public sealed class ReleaseRecordingTests
{
    public static TheoryData<string, string> RefusedRecipients => new()
    {
        { new string('a', 257), "Law 94-V" },
        { "Akimat", new string('b', 513) },
        { "Akimat", "Law 94-V\nArt. 9" },
        { "Aki\tmat", "Law 94-V" },
    };

    [Theory]
    [MemberData(nameof(RefusedRecipients))]
    public async Task AnonymizeAsync_RecipientDetailsTheDisclosureLogRefuses_RecordsNothing(string recipient, string legalBasis)
    {
        await using var services = Services();
        var release = new ReleaseContext { Actor = "director-1", Purpose = "legal-obligation", Recipient = recipient, LegalBasis = legalBasis };

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await services.GetRequiredService<IDepersonalizer>().AnonymizeAsync(Pupils(), PupilSchema(), new AnonymizationOptions { K = 2, MaxSuppression = 0.25 }, release));

        Assert.Empty(await AuditEntriesAsync(services));
        Assert.Empty(await services.GetRequiredService<IDisclosureLog>().ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Theory]
    [MemberData(nameof(RefusedRecipients))]
    public async Task AggregateAsync_RecipientDetailsTheDisclosureLogRefuses_RecordsNothing(string recipient, string legalBasis)
    {
        await using var services = Services();
        var release = new ReleaseContext { Actor = "director-1", Purpose = "legal-obligation", Recipient = recipient, LegalBasis = legalBasis };

        await Assert.ThrowsAsync<ArgumentException>(async () => await services.GetRequiredService<IDepersonalizer>().AggregateAsync(
            Pupils(), new AggregateRequest { RowColumn = "sex", SubjectColumn = "id", K = 2 }, release));

        Assert.Empty(await AuditEntriesAsync(services));
        Assert.Empty(await services.GetRequiredService<IDisclosureLog>().ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task AnonymizeAsync_ColumnNameWithALineBreak_IsRecordedWithoutIt()
    {
        await using var services = Services();
        var data = new Dataset(["id", "age\nx", "sex", "score"]);
        foreach (var row in Pupils().Rows)
        {
            data.Add([.. row]);
        }

        var schema = new DatasetSchema().DirectIdentifier("id", subjectId: true).QuasiIdentifier("age\nx", Hierarchy.Intervals(5, 10))
            .QuasiIdentifier("sex", Hierarchy.Categorical()).Sensitive("score");

        await services.GetRequiredService<IDepersonalizer>().AnonymizeAsync(data, schema, new AnonymizationOptions { K = 2, MaxSuppression = 0.25 }, Release);

        var entry = Assert.Single(await AuditEntriesAsync(services));
        Assert.Contains("levels=age?x:1,sex:0", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymizeAsync_DisclosureStoreFails_LeavesNoExportEntry()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy().UseInMemoryFieldKeys().UseInMemoryStores();
        services.Replace(ServiceDescriptor.Singleton<IDisclosureStore>(new FailingDisclosureStore()));
        await using var provider = services.BuildServiceProvider();
        var release = new ReleaseContext { Actor = "director-1", Purpose = "legal-obligation", Recipient = "Akimat", LegalBasis = "Law 94-V" };

        var error = await Assert.ThrowsAsync<IOException>(async () =>
            await provider.GetRequiredService<IDepersonalizer>().AnonymizeAsync(Pupils(), PupilSchema(), new AnonymizationOptions { K = 2, MaxSuppression = 0.25 }, release));

        Assert.Equal("disk full", error.Message);
        Assert.Empty(await AuditEntriesAsync(provider));
    }

    [Fact]
    public async Task AnonymizeAsync_ToARecipient_RecordsTheDisclosureFirstAndTheExportEntryNamesIt()
    {
        await using var services = Services();
        var release = new ReleaseContext { Actor = "director-1", Purpose = "legal-obligation", Recipient = "Akimat", LegalBasis = "Law 94-V" };

        await services.GetRequiredService<IDepersonalizer>().AnonymizeAsync(Pupils(), PupilSchema(), new AnonymizationOptions { K = 2, MaxSuppression = 0.25 }, release);

        var disclosure = Assert.Single(await services.GetRequiredService<IDisclosureLog>().ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        var entries = await AuditEntriesAsync(services);
        Assert.Equal(7, entries.Count);
        Assert.All(entries.Take(6), e => Assert.Equal(AuditOperation.Transfer, e.Operation));
        Assert.Equal(AuditOperation.Export, entries[6].Operation);
        Assert.EndsWith("; recipient=Akimat; disclosures=" + disclosure.Id.ToString("D"), entries[6].Detail, StringComparison.Ordinal);
    }

    private sealed class FailingDisclosureStore : IDisclosureStore
    {
        public ValueTask AddAsync(Disclosure disclosure, CancellationToken cancellationToken) => throw new IOException("disk full");

        public ValueTask<IReadOnlyList<Disclosure>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<Disclosure>>([]);

        public ValueTask<IReadOnlyList<Disclosure>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<Disclosure>>([]);
    }
}
