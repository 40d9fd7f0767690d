using System.Diagnostics;
using System.Net;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.Policies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Consent;

/// <summary>The policy and consent stores, run on SQLite and on a real PostgreSQL server.</summary>
public abstract class ConsentStoreTests
{
    private const string Subject = "pupil-7";

    protected abstract DatabaseProvider Database { get; }

    /// <summary>Gets the provider argument of the ledger writer process.</summary>
    protected abstract string WriterProvider { get; }

    /// <summary>Gets the connection string the ledger writer process uses.</summary>
    protected abstract string WriterConnectionString { get; }

    [SkippableFact]
    public async Task Policies_RoundTripThroughTheDatabase_AndAnotherInstanceReadsThem()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 4, 0, 0, TimeSpan.Zero).AddTicks(1_234_567));
        using var first = BuildProvider(time);
        using var second = BuildProvider(time);
        var registry = first.GetRequiredService<IPolicyRegistry>();

        var v1 = await registry.PublishAsync(Draft(PolicyChangeKind.Material, "v1"));
        var v2 = await registry.PublishAsync(Draft(PolicyChangeKind.Editorial, "v2", time.GetUtcNow().AddDays(3)));

        var loaded = await second.GetRequiredService<IPolicyRegistry>().ListAsync();
        Assert.Equal([1, 2], loaded.Select(v => v.Version));
        Assert.Equal(new DateTimeOffset(2026, 9, 1, 4, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), loaded[0].PublishedAt);
        Assert.Equal(v1.EffectiveFrom, loaded[0].EffectiveFrom);
        Assert.Equal(v2.EffectiveFrom, loaded[1].EffectiveFrom);
        Assert.Equal(PolicyChangeKind.Editorial, loaded[1].ChangeKind);
        Assert.Equal("v2", loaded[1].ChangeSummary);
        Assert.Equal(["en", "kk", "ru"], loaded[1].Texts.Select(t => t.Language));
        Assert.Equal(v1.GetText("kk")!.ContentHash, loaded[0].GetText("kk")!.ContentHash);
        Assert.Equal("Құпиялылық саясаты (v1)", loaded[0].GetText("kk")!.Content);
        Assert.Equal(1, (await second.GetRequiredService<IPolicyRegistry>().GetCurrentAsync())!.Version);
    }

    [SkippableFact]
    public async Task Policies_TextEditedInTheDatabase_IsReportedOnRead()
    {
        using var provider = BuildProvider();
        await provider.GetRequiredService<IPolicyRegistry>().PublishAsync(Draft(PolicyChangeKind.Material, "v1"));
        await ExecuteAsync(provider, "UPDATE hrplus_policy_texts SET \"Content\" = 'Политика (исправлено)' WHERE \"Language\" = 'ru'");
        using var fresh = BuildProvider();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await fresh.GetRequiredService<IPolicyRegistry>().ListAsync());

        Assert.Contains("policy version 1 in \"ru\"", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Consents_GrantWithdrawAndDecide_RoundTripEveryField()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 4, 0, 0, TimeSpan.Zero));
        using var provider = BuildProvider(time);
        await provider.GetRequiredService<IPolicyRegistry>().PublishAsync(Draft(PolicyChangeKind.Material, "v1"));
        var consents = provider.GetRequiredService<IConsentService>();

        var granted = await consents.GrantAsync(new ConsentRequest
        {
            SubjectId = Subject,
            Purpose = ConsentPurposes.NewsAndOffers,
            PolicyVersion = 1,
            Language = "kk",
            SubjectBirthDate = new DateOnly(2011, 2, 28),
            GivenBy = ConsentGiver.Representative("parent-7", RepresentativeRelationship.Parent),
            MinorAlsoAgreed = true,
            Channel = ConsentChannel.Paper,
            IpAddress = IPAddress.Parse("2001:db8:1234:5678::1"),
            UserAgent = "Mozilla/5.0 (X11; Linux x86_64)",
            ExpiresAt = time.GetUtcNow().AddYears(1).AddTicks(7),
            DataCategories = ["phone", "full-name"],
            ThirdPartyTransfer = true,
            CrossBorderTransfer = true,
            PublicSources = false,
        });
        time.Advance(TimeSpan.FromHours(1));
        var withdrawn = await consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = Subject, Purpose = ConsentPurposes.NewsAndOffers, GivenBy = ConsentGiver.Representative("parent-7", RepresentativeRelationship.Parent) });

        using var other = BuildProvider(time);
        var history = await other.GetRequiredService<IConsentService>().GetHistoryAsync(Subject);
        Assert.Equal(2, history.Count);
        AssertSameEvent(granted, history[0]);
        AssertSameEvent(withdrawn, history[1]);
        Assert.Equal("2001:db8:1234::", history[0].EvidenceIpAddress);
        Assert.Equal(new DateOnly(2029, 2, 28), history[0].SubjectAdultFrom);
        Assert.Equal(ConsentDecision.Withdrawn, await other.GetRequiredService<IConsentService>().GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers));
        Assert.Equal(ConsentDecision.Granted, await other.GetRequiredService<IConsentService>().GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers, granted.OccurredAt.AddMinutes(30)));
        Assert.Equal(ConsentDecision.NotGiven, await other.GetRequiredService<IConsentService>().GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers, granted.OccurredAt.AddMinutes(-1)));
        var receipt = await other.GetRequiredService<IConsentService>().GetReceiptAsync(granted.EventId);
        Assert.Equal(granted.Hash, receipt!.Event.Hash);
        Assert.True((await other.GetRequiredService<IConsentService>().VerifyAsync()).IsIntact);
    }

    [SkippableFact]
    public async Task Tamper_EditedRow_IsReportedAtItsPosition()
    {
        using var provider = await LedgerAsync(6);

        await ExecuteAsync(provider, "UPDATE hrplus_consent_events SET \"Purpose\" = 'advertising' WHERE \"Sequence\" = 4");

        var result = await provider.GetRequiredService<IConsentService>().VerifyAsync();
        Assert.Equal(4, result.FirstBrokenPosition);
        Assert.Equal(ChainBreak.Edited, result.Break);
    }

    [SkippableFact]
    public async Task Tamper_DeletedRow_IsReportedAtItsPosition()
    {
        using var provider = await LedgerAsync(6);

        await ExecuteAsync(provider, "DELETE FROM hrplus_consent_events WHERE \"Sequence\" = 2");

        var result = await provider.GetRequiredService<IConsentService>().VerifyAsync();
        Assert.Equal(2, result.FirstBrokenPosition);
        Assert.Equal(ChainBreak.Missing, result.Break);
    }

    [SkippableFact]
    public async Task Tamper_SwappedRows_AreReportedAtTheFirst()
    {
        using var provider = await LedgerAsync(6);

        // Renumber 3 and 5 into each other's place: the rows are intact but out of order.
        await ExecuteAsync(provider, "UPDATE hrplus_consent_events SET \"Sequence\" = -5 WHERE \"Sequence\" = 5");
        await ExecuteAsync(provider, "UPDATE hrplus_consent_events SET \"Sequence\" = 5 WHERE \"Sequence\" = 3");
        await ExecuteAsync(provider, "UPDATE hrplus_consent_events SET \"Sequence\" = 3 WHERE \"Sequence\" = -5");

        var result = await provider.GetRequiredService<IConsentService>().VerifyAsync();
        Assert.Equal(3, result.FirstBrokenPosition);
        Assert.Equal(ChainBreak.Relinked, result.Break);
    }

    [SkippableFact]
    public async Task Concurrency_TwoInstancesInOneProcess_LoseAndDuplicateNothing()
    {
        using var provider = await LedgerAsync(0);
        using var second = BuildProvider();
        var services = new[] { provider.GetRequiredService<IConsentService>(), second.GetRequiredService<IConsentService>() };

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await services[worker % 2].GrantAsync(Request($"w{worker}-{i}", ConsentPurposes.Support));
            }
        })));

        await AssertLedgerAsync(provider, 200, ["w0-", "w1-", "w2-", "w3-", "w4-", "w5-", "w6-", "w7-"], 25);
    }

    [SkippableFact]
    public async Task Concurrency_TwoOsProcesses_Append2000EventsEach_LoseAndDuplicateNothing()
    {
        const int PerProcess = 2000;
        using var provider = await LedgerAsync(0);
        var writer = WriterPath();

        var processes = new[] { Start(writer, "alpha", PerProcess), Start(writer, "beta", PerProcess) };
        foreach (var process in processes)
        {
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
            Assert.True(process.ExitCode == 0, $"The writer failed: {errors}");
            Assert.Equal($"done {PerProcess}", output.Trim());
        }

        await AssertLedgerAsync(provider, 2 * PerProcess, ["alpha-", "beta-"], PerProcess);
    }

    protected static PolicyDraft Draft(PolicyChangeKind kind, string marker, DateTimeOffset? effectiveFrom = null) => new()
    {
        Texts =
        [
            new PolicyText("kk", $"Құпиялылық саясаты ({marker})"),
            new PolicyText("ru", $"Политика конфиденциальности ({marker})"),
            new PolicyText("en", $"Privacy policy ({marker})"),
        ],
        ChangeKind = kind,
        EffectiveFrom = effectiveFrom,
        ChangeSummary = marker,
    };

    private static ConsentRequest Request(string subject, string purpose) => new()
    {
        SubjectId = subject,
        Purpose = purpose,
        PolicyVersion = 1,
        Language = "ru",
    };

    private static void AssertSameEvent(ConsentEvent expected, ConsentEvent actual)
    {
        Assert.Equal(expected with { DataCategories = [] }, actual with { DataCategories = [] });
        Assert.Equal(expected.DataCategories, actual.DataCategories);
        Assert.Equal(actual.Hash, ConsentChain.ComputeHash(actual));
    }

    private static async Task AssertLedgerAsync(ServiceProvider provider, int expectedCount, string[] prefixes, int perPrefix)
    {
        var all = new List<ConsentEvent>();
        await foreach (var e in provider.GetRequiredService<IConsentLedgerStore>().ReadAllAsync(default))
        {
            all.Add(e);
        }

        Assert.Equal(expectedCount, all.Count);
        Assert.Equal(Enumerable.Range(1, expectedCount).Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.Equal(expectedCount, all.Select(e => e.SubjectId).Distinct().Count());
        foreach (var prefix in prefixes)
        {
            Assert.Equal(perPrefix, all.Count(e => e.SubjectId.StartsWith(prefix, StringComparison.Ordinal)));
        }

        var result = await provider.GetRequiredService<IConsentService>().VerifyAsync();
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(expectedCount, result.EntryCount);
    }

    private async Task<ServiceProvider> LedgerAsync(int events)
    {
        var provider = BuildProvider();
        await provider.GetRequiredService<IPolicyRegistry>().PublishAsync(Draft(PolicyChangeKind.Material, "v1"));
        var consents = provider.GetRequiredService<IConsentService>();
        for (var i = 0; i < events; i++)
        {
            await consents.GrantAsync(Request($"pupil-{i}", ConsentPurposes.Support));
        }

        return provider;
    }

    private Process Start(string writer, string prefix, int count)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(writer);
        start.ArgumentList.Add(WriterProvider);
        start.ArgumentList.Add(WriterConnectionString);
        start.ArgumentList.Add(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(prefix);
        return Process.Start(start)!;
    }

    private static string WriterPath()
    {
        // The writer is built beside this project: tests/HrPlus.Privacy.LedgerWriter/bin/<configuration>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = output.Name;
        var configuration = output.Parent!.Name;
        var tests = output.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "HrPlus.Privacy.LedgerWriter", "bin", configuration, tfm, "HrPlus.Privacy.LedgerWriter.dll");
        Assert.True(File.Exists(path), $"The ledger writer was not built at {path}.");
        return path;
    }

    private static async Task ExecuteAsync(ServiceProvider provider, string sql)
    {
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    private ServiceProvider BuildProvider(FakeTimeProvider? time = null)
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton<TimeProvider>(time);
        }

        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Database.AddContext(services);
        services.AddHrPlusPrivacy(o =>
        {
            o.Consent.OperatorName = "ТОО «HR+ Мониторинг»";
            o.Consent.OperatorBin = "150340000015";
        }).UseEntityFrameworkCoreStores<TestDbContext>();
        Database.EnsureCreated();
        return services.BuildServiceProvider();
    }
}

public sealed class SqliteConsentStoreTests : ConsentStoreTests, IDisposable
{
    private readonly SqliteProvider _database = new();

    public SqliteConsentStoreTests()
    {
        // Write-ahead logging lets readers run beside the writer; the ledger works without it too.
        _database.EnsureCreated();
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_database.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL";
        command.ExecuteNonQuery();
    }

    protected override DatabaseProvider Database => _database;

    protected override string WriterProvider => "sqlite";

    protected override string WriterConnectionString => $"Data Source={_database.Path};Pooling=False";

    public void Dispose() => _database.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresConsentStoreTests(PostgresFixture postgres) : ConsentStoreTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;

    protected override string WriterProvider => "postgres";

    protected override string WriterConnectionString => ((NpgsqlProvider)_database.Value).ConnectionString;
}
