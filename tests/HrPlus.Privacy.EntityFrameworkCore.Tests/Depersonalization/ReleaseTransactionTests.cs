using System.Globalization;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Depersonalization;
using HrPlus.Privacy.Disclosures;
using HrPlus.Privacy.EntityFrameworkCore.Audit;
using HrPlus.Privacy.EntityFrameworkCore.Disclosures;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Depersonalization;

/// <summary>
/// A release to a recipient on the EF Core stores of one database: its disclosures (with their Transfer entries) and its
/// Export entry are one transaction, so an Export entry that cannot be written leaves nothing behind.
/// </summary>
public abstract class ReleaseTransactionTests
{
    private const int Pupils = 12;

    private static readonly ReleaseContext ToAkimat = new()
    {
        Actor = "director-1",
        Purpose = "legal-obligation",
        ReportName = "class-report",
        Recipient = "Akimat",
        LegalBasis = "Law 94-V Art. 9; request No. 12-3/456",
    };

    protected abstract DatabaseProvider Database { get; }

    [SkippableFact]
    public async Task AnonymizeAsync_ExportEntryFailsAfterTheDisclosures_NothingRemainsInTheDatabase()
    {
        var failExport = new FailExportInterceptor();
        using var provider = Build(failExport);

        await Assert.ThrowsAsync<ExportRefusedException>(async () =>
            await provider.GetRequiredService<IDepersonalizer>().AnonymizeAsync(Data(), Schema(), new AnonymizationOptions { K = 2 }, ToAkimat));

        Assert.Equal(1, failExport.Refused);
        await using var context = NewContext();
        Assert.Equal(0, await context.Set<DisclosureEntity>().CountAsync());
        Assert.Equal(0, await context.Set<DisclosureSubjectEntity>().CountAsync());
        Assert.Equal(0, await context.Set<AuditEntryEntity>().CountAsync()); // neither the Transfer entries nor the Export entry
    }

    [SkippableFact]
    public async Task AggregateAsync_ExportEntryFailsAfterTheDisclosures_NothingRemainsInTheDatabase()
    {
        var failExport = new FailExportInterceptor();
        using var provider = Build(failExport);

        await Assert.ThrowsAsync<ExportRefusedException>(async () => await provider.GetRequiredService<IDepersonalizer>().AggregateAsync(
            Data(), new AggregateRequest { RowColumn = "sex", SubjectColumn = "pupil", K = 2 }, ToAkimat));

        Assert.Equal(1, failExport.Refused);
        await using var context = NewContext();
        Assert.Equal(0, await context.Set<DisclosureEntity>().CountAsync());
        Assert.Equal(0, await context.Set<AuditEntryEntity>().CountAsync());
    }

    [SkippableFact]
    public async Task AnonymizeAsync_Succeeds_TheDisclosureItsTransfersAndTheExportEntryAreAllInTheDatabase()
    {
        using var provider = Build(interceptor: null);

        var result = await provider.GetRequiredService<IDepersonalizer>().AnonymizeAsync(Data(), Schema(), new AnonymizationOptions { K = 2 }, ToAkimat);

        Assert.Equal(Pupils, result.Rows.Count);
        await using var context = NewContext();
        var disclosure = Assert.Single(await context.Set<DisclosureEntity>().ToListAsync());
        Assert.Equal("Akimat", disclosure.Recipient);
        Assert.Equal(
            Enumerable.Range(1, Pupils).Select(Pupil).Order(StringComparer.Ordinal),
            await context.Set<DisclosureSubjectEntity>().OrderBy(s => s.Position).Select(s => s.SubjectId).ToListAsync());
        var entries = await context.Set<AuditEntryEntity>().OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(Pupils + 1, entries.Count);
        Assert.Equal(Enumerable.Range(1, Pupils + 1).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.All(entries.Take(Pupils), e => Assert.Equal(((int)AuditOperation.Transfer, "disclosure:" + disclosure.Id.ToString("D")), (e.Operation, e.Target)));
        Assert.Equal((int)AuditOperation.Export, entries[^1].Operation);
        Assert.Equal("depersonalized:class-report", entries[^1].Target);
        Assert.EndsWith("; recipient=Akimat; disclosures=" + disclosure.Id.ToString("D"), entries[^1].Detail, StringComparison.Ordinal);
        Assert.True((await provider.GetRequiredService<IAuditTrail>().VerifyAsync()).IsIntact);
    }

    [SkippableFact]
    public async Task AnonymizeAsync_AfterAFailedRelease_TheNextReleaseChainsOnTheLastCommittedEntry()
    {
        var failExport = new FailExportInterceptor { Remaining = 1 };
        using var provider = Build(failExport);
        var audit = provider.GetRequiredService<IAuditTrail>();
        var depersonalizer = provider.GetRequiredService<IDepersonalizer>();
        await audit.AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "director-1", Target = "before" });

        await Assert.ThrowsAsync<ExportRefusedException>(async () => await depersonalizer.AnonymizeAsync(Data(), Schema(), new AnonymizationOptions { K = 2 }, ToAkimat));
        await depersonalizer.AnonymizeAsync(Data(), Schema(), new AnonymizationOptions { K = 2 }, ToAkimat);

        await using var context = NewContext();
        Assert.Equal(1, await context.Set<DisclosureEntity>().CountAsync());
        Assert.Equal(Enumerable.Range(1, Pupils + 2).Select(i => (long)i), await context.Set<AuditEntryEntity>().OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        Assert.True((await audit.VerifyAsync()).IsIntact);
    }

    [SkippableFact]
    public async Task AnonymizeAsync_DisclosureStoreNotOnTheDatabase_DisclosureFirstThenTheExportEntry()
    {
        var failExport = new FailExportInterceptor();
        var elsewhere = new InMemoryDisclosureStore();
        using var provider = Build(failExport, services => services.Replace(ServiceDescriptor.Singleton<IDisclosureStore>(elsewhere)));

        await Assert.ThrowsAsync<ExportRefusedException>(async () =>
            await provider.GetRequiredService<IDepersonalizer>().AnonymizeAsync(Data(), Schema(), new AnonymizationOptions { K = 2 }, ToAkimat));

        // No shared transaction: the disclosure and its Transfer entries were written before the Export entry failed.
        var disclosure = Assert.Single(await elsewhere.ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None));
        await using var context = NewContext();
        var entries = await context.Set<AuditEntryEntity>().ToListAsync();
        Assert.Equal(Pupils, entries.Count);
        Assert.All(entries, e => Assert.Equal(((int)AuditOperation.Transfer, "disclosure:" + disclosure.Id.ToString("D")), (e.Operation, e.Target)));
    }

    [SkippableFact]
    public async Task AnonymizeAsync_WhileAnotherInstanceAppends_TheChainStaysOneLine()
    {
        using var first = Build(interceptor: null);
        using var second = Build(interceptor: null);
        var depersonalizer = first.GetRequiredService<IDepersonalizer>();
        var audit = second.GetRequiredService<IAuditTrail>();

        var releases = Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await depersonalizer.AnonymizeAsync(Data(), Schema(), new AnonymizationOptions { K = 2 }, ToAkimat);
            }
        });
        var appends = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await audit.AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "teacher-1", Target = "card-" + i.ToString(CultureInfo.InvariantCulture) });
            }
        });
        await Task.WhenAll(releases, appends);

        await using var context = NewContext();
        var entries = await context.Set<AuditEntryEntity>().OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, (3 * (Pupils + 1)) + 30).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(3, entries.Count(e => e.Operation == (int)AuditOperation.Export));
        Assert.Equal(3, await context.Set<DisclosureEntity>().CountAsync());
        Assert.True((await audit.VerifyAsync()).IsIntact);
    }

    private static string Pupil(int i) => "pupil-" + i.ToString("D2", CultureInfo.InvariantCulture);

    private static Dataset Data()
    {
        var data = new Dataset(["pupil", "sex", "score"]);
        for (var i = 1; i <= Pupils; i++)
        {
            data.Add(Pupil(i), i % 2 == 0 ? "F" : "M", (i % 5).ToString(CultureInfo.InvariantCulture));
        }

        return data;
    }

    private static DatasetSchema Schema() =>
        new DatasetSchema().DirectIdentifier("pupil", subjectId: true).QuasiIdentifier("sex", Hierarchy.Categorical()).Sensitive("score");

    private TestDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<TestDbContext>();
        Database.Configure(options);
        return new TestDbContext(options.Options);
    }

    private ServiceProvider Build(FailExportInterceptor? interceptor, Action<IServiceCollection>? configure = null)
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddDbContext<TestDbContext>(options =>
        {
            Database.Configure(options);
            if (interceptor is not null)
            {
                options.AddInterceptors(interceptor);
            }
        });
        services.AddHrPlusPrivacy().UseEntityFrameworkCoreStores<TestDbContext>();
        configure?.Invoke(services);
        Database.EnsureCreated();
        return services.BuildServiceProvider();
    }

    private sealed class ExportRefusedException() : Exception("The test refuses the Export entry.");

    /// <summary>Refuses to save an Export audit entry (the last write of a release), as a full disk or a dropped connection would.</summary>
    private sealed class FailExportInterceptor : SaveChangesInterceptor
    {
        public int Remaining { get; set; } = int.MaxValue;

        public int Refused { get; private set; }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Remaining > 0 && eventData.Context!.ChangeTracker.Entries<AuditEntryEntity>().Any(e => e.State == EntityState.Added && e.Entity.Operation == (int)AuditOperation.Export))
            {
                Remaining--;
                Refused++;
                throw new ExportRefusedException();
            }

            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }
}

public sealed class SqliteReleaseTransactionTests : ReleaseTransactionTests, IDisposable
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    public void Dispose() => _database.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresReleaseTransactionTests(PostgresFixture postgres) : ReleaseTransactionTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
