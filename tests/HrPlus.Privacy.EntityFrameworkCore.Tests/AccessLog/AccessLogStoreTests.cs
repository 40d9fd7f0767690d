using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.AccessLog;

/// <summary>The access-log store on SQLite and PostgreSQL.</summary>
public abstract class AccessLogStoreTests
{
    private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);

    protected abstract DatabaseProvider Database { get; }

    [SkippableFact]
    public async Task Append_ThenQuery_RoundTripsEveryField_NewestFirst_InTheRange()
    {
        using var provider = Build();
        var store = provider.GetRequiredService<IAccessLogStore>();
        var first = Record(T0, "/a", ["session", "theme"]);
        var second = Record(T0.AddSeconds(1), "/b", []) with { Referer = null, UserAgent = null, SubjectPseudonym = null, ClientIp = null, NetworkPseudonym = null, CookieConsent = null };
        var outside = Record(T0.AddHours(1), "/c", []);

        await store.AppendAsync([first, second, outside], [], default);
        var found = await store.QueryAsync(T0, T0.AddMinutes(1), 10, default);

        Assert.Equal(["/b", "/a"], found.Select(r => r.Path));
        AssertSame(first, found[1]);
        AssertSame(second, found[0]);
        Assert.Single(await store.QueryAsync(T0, T0.AddMinutes(1), 1, default));
    }

    [SkippableFact]
    public async Task Statistics_AreAddedUp_AcrossBatchesAndInstances()
    {
        using var first = Build();
        using var second = Build();
        var day = new DateOnly(2026, 11, 25);

        await first.GetRequiredService<IAccessLogStore>().AppendAsync([], [new IpStatistic(day, "ps1.net-a", 3), new IpStatistic(day, "ps1.net-b", 1)], default);
        await second.GetRequiredService<IAccessLogStore>().AppendAsync([], [new IpStatistic(day, "ps1.net-a", 4), new IpStatistic(day.AddDays(1), "ps1.net-b", 2)], default);

        var statistics = await first.GetRequiredService<IAccessLogStore>().QueryIpStatisticsAsync(day, day.AddDays(1), default);
        Assert.Equal(
            [new IpStatistic(day, "ps1.net-a", 7), new IpStatistic(day, "ps1.net-b", 1), new IpStatistic(day.AddDays(1), "ps1.net-b", 2)],
            statistics);
        Assert.Equal([new IpStatistic(day.AddDays(1), "ps1.net-b", 2)], await first.GetRequiredService<IAccessLogStore>().QueryIpStatisticsAsync(day.AddDays(1), day.AddDays(9), default));
    }

    private static AccessRecord Record(DateTimeOffset at, string path, string[] cookies) => new()
    {
        Timestamp = at,
        ClientIp = "203.0.113.0",
        NetworkPseudonym = "ps1.0000000a.AAAAAAAAAAAAAAAAAAAAAA",
        Method = "GET",
        Path = path,
        Referer = "https://school.kz/list",
        UserAgent = "Mozilla/5.0 \\u0001",
        CookieNames = cookies,
        StatusCode = 200,
        DurationMilliseconds = 12.345,
        SubjectPseudonym = "ps1.0000000a.BBBBBBBBBBBBBBBBBBBBBB",
        CookieConsent = "analytics",
    };

    private static void AssertSame(AccessRecord expected, AccessRecord actual)
    {
        Assert.Equal(expected with { CookieNames = [] }, actual with { CookieNames = [] });
        Assert.Equal(expected.CookieNames, actual.CookieNames);
    }

    private ServiceProvider Build()
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Database.AddContext(services);
        services.AddHrPlusPrivacy().UseEntityFrameworkCoreStores<TestDbContext>();
        Database.EnsureCreated();
        return services.BuildServiceProvider();
    }
}

public sealed class SqliteAccessLogStoreTests : AccessLogStoreTests, IDisposable
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    public void Dispose() => _database.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAccessLogStoreTests(PostgresFixture postgres) : AccessLogStoreTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
