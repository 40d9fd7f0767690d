using HrPlus.Privacy.Consent;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Consent;

/// <summary>The ledger store's query by purpose and end time, on SQLite and PostgreSQL.</summary>
public abstract class ConsentRetentionStoreTests
{
    protected abstract DatabaseProvider Database { get; }

    [SkippableFact]
    public async Task ReadEnded_ReturnsTheLatestEndedConsentPerSubjectOfOnePurpose_AsOfTheGivenTime()
    {
        Database.SkipIfUnavailable();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 4, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Database.AddContext(services);
        services.AddHrPlusPrivacy(o => o.Consent.OperatorName = "School").UseEntityFrameworkCoreStores<TestDbContext>();
        Database.EnsureCreated();
        await using var provider = services.BuildServiceProvider();
        var start = time.GetUtcNow();
        await provider.GetRequiredService<IPolicyRegistry>().PublishAsync(new PolicyDraft { Texts = [new PolicyText("ru", "Политика")], ChangeKind = PolicyChangeKind.Material });
        var consents = provider.GetRequiredService<IConsentService>();
        await consents.GrantAsync(Grant("parent-1", ConsentPurposes.NewsAndOffers));
        await consents.GrantAsync(Grant("parent-2", ConsentPurposes.NewsAndOffers, start.AddDays(2)));
        await consents.GrantAsync(Grant("parent-3", ConsentPurposes.NewsAndOffers));
        await consents.GrantAsync(Grant("parent-4", ConsentPurposes.Advertising));
        time.Advance(TimeSpan.FromDays(1));
        await consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = "parent-1", Purpose = ConsentPurposes.NewsAndOffers });
        await consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = "parent-3", Purpose = ConsentPurposes.NewsAndOffers });
        await consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = "parent-4", Purpose = ConsentPurposes.Advertising });
        time.Advance(TimeSpan.FromDays(1));
        await consents.GrantAsync(Grant("parent-3", ConsentPurposes.NewsAndOffers));
        var store = provider.GetRequiredService<IConsentLedgerStore>();

        var now = await ToListAsync(store.ReadEndedAsync(ConsentPurposes.NewsAndOffers, start.AddDays(3), start.AddDays(3), default));
        var before = await ToListAsync(store.ReadEndedAsync(ConsentPurposes.NewsAndOffers, start.AddDays(1.5), start.AddDays(1.5), default));
        var endedEarly = await ToListAsync(store.ReadEndedAsync(ConsentPurposes.NewsAndOffers, start.AddDays(3), start.AddDays(1.5), default));

        Assert.Equal([("parent-1", ConsentEventKind.Withdrawn), ("parent-2", ConsentEventKind.Granted)], now.OrderBy(e => e.SubjectId, StringComparer.Ordinal).Select(e => (e.SubjectId, e.Kind)));
        Assert.Equal(["parent-1", "parent-3"], before.Select(e => e.SubjectId).Order(StringComparer.Ordinal));
        Assert.Equal(["parent-1"], endedEarly.Select(e => e.SubjectId));
    }

    private static ConsentRequest Grant(string subject, string purpose, DateTimeOffset? expiresAt = null) =>
        new() { SubjectId = subject, Purpose = purpose, PolicyVersion = 1, Language = "ru", ExpiresAt = expiresAt };

    private static async Task<List<ConsentEvent>> ToListAsync(IAsyncEnumerable<ConsentEvent> events)
    {
        var list = new List<ConsentEvent>();
        await foreach (var e in events)
        {
            list.Add(e);
        }

        return list;
    }
}

public sealed class SqliteConsentRetentionStoreTests : ConsentRetentionStoreTests, IDisposable
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    public void Dispose() => _database.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresConsentRetentionStoreTests(PostgresFixture postgres) : ConsentRetentionStoreTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
