using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Disclosures;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Disclosures;

/// <summary>The disclosure log on SQLite and PostgreSQL, with its audit entries.</summary>
public abstract class DisclosureStoreTests
{
    protected abstract DatabaseProvider Database { get; }

    [SkippableFact]
    public async Task Record_ThenFindBySubjectAndPeriod_AndAuditEachSubject()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero));
        using var provider = Build(time);
        var log = provider.GetRequiredService<IDisclosureLog>();

        var first = await log.RecordAsync(Request(["pupil-1", "pupil-2"], time.GetUtcNow().AddHours(-2)));
        time.Advance(TimeSpan.FromDays(1));
        var second = await log.RecordAsync(Request(["pupil-2"], null));

        var forPupil2 = await log.GetBySubjectAsync("pupil-2");
        Assert.Equal([first.Id, second.Id], forPupil2.Select(d => d.Id));
        Assert.Equal(first with { Subjects = [], DataCategories = [] }, forPupil2[0] with { Subjects = [], DataCategories = [] });
        Assert.Equal(["pupil-1", "pupil-2"], forPupil2[0].Subjects);
        Assert.Equal(["full-name", "iin"], forPupil2[0].DataCategories);
        Assert.Equal([first.Id], (await log.GetBySubjectAsync("pupil-1")).Select(d => d.Id));
        Assert.Equal([second.Id], (await log.ListAsync(time.GetUtcNow().AddHours(-1), time.GetUtcNow().AddHours(1))).Select(d => d.Id));

        var audit = provider.GetRequiredService<IAuditTrail>();
        var entries = await audit.GetBySubjectAsync("pupil-2");
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(AuditOperation.Transfer, e.Operation));
        Assert.Equal("disclosure:" + first.Id.ToString("D"), entries[0].Target);
        Assert.True((await audit.VerifyAsync()).IsIntact);
    }

    private static DisclosureRequest Request(string[] subjects, DateTimeOffset? at) => new()
    {
        Recipient = "Управление образования г. Алматы",
        LegalBasis = "Law 94-V Art. 9; request No. 12-3/456 of 2026-11-20",
        DataCategories = ["iin", "full-name"],
        Subjects = subjects,
        AuthorizedBy = "director-1",
        DisclosedAt = at,
    };

    private ServiceProvider Build(TimeProvider time)
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Database.AddContext(services);
        services.AddHrPlusPrivacy().UseEntityFrameworkCoreStores<TestDbContext>();
        Database.EnsureCreated();
        return services.BuildServiceProvider();
    }
}

public sealed class SqliteDisclosureStoreTests : DisclosureStoreTests, IDisposable
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    public void Dispose() => _database.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresDisclosureStoreTests(PostgresFixture postgres) : DisclosureStoreTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
