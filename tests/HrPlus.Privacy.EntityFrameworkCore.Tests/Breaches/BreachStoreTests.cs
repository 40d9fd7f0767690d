using HrPlus.Privacy.Breaches;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Breaches;

/// <summary>The breach register on SQLite and PostgreSQL.</summary>
public abstract class BreachStoreTests
{
    private static readonly TimeSpan Almaty = TimeSpan.FromHours(5);

    protected abstract DatabaseProvider Database { get; }

    [SkippableFact]
    public async Task Register_Notify_AndQueryOverdue_ThroughTheDatabase()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 19, 0, 0, Almaty));
        using var provider = Build(time);
        var register = provider.GetRequiredService<IBreachRegister>();

        var first = await register.RegisterAsync(Report(new DateTimeOffset(2026, 11, 27, 18, 30, 0, Almaty)));
        var second = await register.RegisterAsync(Report(new DateTimeOffset(2026, 11, 27, 10, 0, 0, Almaty)));
        await register.NotifySubjectsAsync(first.Id);
        time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 12, 0, 0, Almaty));
        var overdueAtNoon = await register.GetOverdueAsync();
        await register.RecordAuthorityNotificationAsync(second.Id, "REF-2");
        time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 19, 0, 0, Almaty));

        // The second (Friday 10:00) was due Monday 10:00; the first (Friday 18:30) not before Monday 18:30.
        Assert.Equal([second.Id], overdueAtNoon.Select(i => i.Id));
        var overdue = Assert.Single(await register.GetOverdueAsync());
        Assert.Equal(first.Id, overdue.Id);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 18, 30, 0, Almaty), overdue.AuthorityDeadline);
        Assert.Equal(["pupil-1", "pupil-2"], overdue.AffectedSubjects);
        Assert.Equal(["assessment-result", "full-name"], overdue.DataCategories);
        Assert.Equal(2, overdue.SubjectNotifications.Count);
        Assert.All(overdue.SubjectNotifications, n => Assert.True(n.Delivered));
        var notified = await register.GetAsync(second.Id);
        Assert.Equal("REF-2", notified!.AuthorityReference);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 0, 0, Almaty), notified.AuthorityNotifiedAt);
    }

    private static BreachReport Report(DateTimeOffset discovered) => new()
    {
        DiscoveredAt = discovered,
        Description = "Assessment export sent to the wrong school.",
        DataCategories = ["full-name", "assessment-result"],
        AffectedSubjects = ["pupil-1", "pupil-2"],
        ReportedBy = "dpo-1",
    };

    private ServiceProvider Build(TimeProvider time)
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Database.AddContext(services);
        services.AddHrPlusPrivacy().UseEntityFrameworkCoreStores<TestDbContext>();
        services.AddSingleton<IBreachNotifier, AlwaysDelivers>();
        Database.EnsureCreated();
        return services.BuildServiceProvider();
    }

    private sealed class AlwaysDelivers : IBreachNotifier
    {
        public ValueTask<bool> NotifyAsync(BreachIncident incident, string subjectId, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }
}

public sealed class SqliteBreachStoreTests : BreachStoreTests, IDisposable
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    public void Dispose() => _database.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresBreachStoreTests(PostgresFixture postgres) : BreachStoreTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
