using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.Policies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Consent;

/// <summary>
/// The consent ledger against its signed checkpoints, on SQLite and PostgreSQL: a deleted last event, a rewritten and
/// re-hashed tail and a truncation all pass the chain alone, and each is detected against the latest checkpoint.
/// </summary>
public abstract class ConsentLedgerCheckpointTests : IDisposable
{
    private static readonly byte[] Key = [.. Enumerable.Range(7, 32).Select(i => (byte)i)];
    private readonly DirectoryInfo _checkpoints = Directory.CreateTempSubdirectory("hrplus-checkpoints-");

    protected abstract DatabaseProvider Database { get; }

    public virtual void Dispose() => _checkpoints.Delete(recursive: true);

    [SkippableFact]
    public async Task DeleteTheLastEvent_PassesTheChain_IsDetectedAgainstTheLatestCheckpoint()
    {
        using var provider = await LedgerWithCheckpointAsync();

        await ExecuteAsync(provider, "DELETE FROM hrplus_consent_events WHERE \"Sequence\" = 6");

        Assert.True((await provider.GetRequiredService<IConsentService>().VerifyAsync()).IsIntact);
        var result = await provider.GetRequiredService<IHashChainCheckpoints>().VerifyAgainstLatestAsync(HashChainedLog.ConsentLedger);
        Assert.Equal((ChainBreak.Truncated, 6L, 5L), (result.Break, result.FirstBrokenPosition, result.EntryCount));
    }

    [SkippableFact]
    public async Task RewriteAndRehashTheTail_PassesTheChain_IsDetectedAgainstTheLatestCheckpoint()
    {
        using var provider = await LedgerWithCheckpointAsync();
        var withdrawal = (await provider.GetRequiredService<IConsentService>().GetHistoryAsync("pupil-0")).Single(e => e.Kind == ConsentEventKind.Withdrawn);

        // The withdrawal turned into a grant, its hash recomputed: every link still holds.
        var forged = ConsentChain.ComputeHash(withdrawal with { Kind = ConsentEventKind.Granted });
        await ExecuteAsync(provider, $"UPDATE hrplus_consent_events SET \"Kind\" = 1, \"Hash\" = '{forged}' WHERE \"Sequence\" = {withdrawal.Sequence}");

        Assert.True((await provider.GetRequiredService<IConsentService>().VerifyAsync()).IsIntact);
        var result = await provider.GetRequiredService<IHashChainCheckpoints>().VerifyAgainstLatestAsync(HashChainedLog.ConsentLedger);
        Assert.Equal((ChainBreak.Rewritten, 6L), (result.Break, result.FirstBrokenPosition));
    }

    [SkippableFact]
    public async Task Truncate_PassesTheChain_IsDetectedAgainstTheLatestCheckpoint()
    {
        using var provider = await LedgerWithCheckpointAsync();

        await ExecuteAsync(provider, "DELETE FROM hrplus_consent_events WHERE \"Sequence\" > 2");

        Assert.True((await provider.GetRequiredService<IConsentService>().VerifyAsync()).IsIntact);
        var result = await provider.GetRequiredService<IHashChainCheckpoints>().VerifyAgainstLatestAsync(HashChainedLog.ConsentLedger);
        Assert.Equal((ChainBreak.Truncated, 3L, 2L), (result.Break, result.FirstBrokenPosition, result.EntryCount));
    }

    [SkippableFact]
    public async Task Untouched_VerifiesAgainstTheLatestCheckpoint_AndKeepsDoingSoAsItGrows()
    {
        using var provider = await LedgerWithCheckpointAsync();
        await provider.GetRequiredService<IConsentService>().GrantAsync(Request("pupil-9"));

        var result = await provider.GetRequiredService<IHashChainCheckpoints>().VerifyAgainstLatestAsync(HashChainedLog.ConsentLedger);

        Assert.Equal((true, 7L), (result.IsIntact, result.EntryCount));
    }

    /// <summary>Five grants and a withdrawal (position 6), then a checkpoint written to the folder sink.</summary>
    private async Task<ServiceProvider> LedgerWithCheckpointAsync()
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Database.AddContext(services);
        services.AddHrPlusPrivacy(o =>
        {
            o.Consent.OperatorName = "ТОО «HR+ Мониторинг»";
#pragma warning disable CS0618 // the obsolete HMAC checkpoints still work for hosts that set a key
            o.Audit.CheckpointKey = Key;
#pragma warning restore CS0618
            o.Audit.CheckpointDirectory = _checkpoints.FullName;
        }).UseEntityFrameworkCoreStores<TestDbContext>();
        Database.EnsureCreated();
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IPolicyRegistry>().PublishAsync(new PolicyDraft { Texts = [new PolicyText("ru", "Политика")], ChangeKind = PolicyChangeKind.Material });
        var consents = provider.GetRequiredService<IConsentService>();
        for (var i = 0; i < 5; i++)
        {
            await consents.GrantAsync(Request($"pupil-{i}"));
        }

        await consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = "pupil-0", Purpose = ConsentPurposes.Support });
        var checkpoint = await provider.GetRequiredService<IHashChainCheckpoints>().CreateAsync(HashChainedLog.ConsentLedger);
        await provider.GetRequiredService<IChainCheckpointSink>().WriteAsync(checkpoint, CancellationToken.None);
        Assert.Equal(6, checkpoint.Sequence);
        Assert.True(File.Exists(Path.Combine(_checkpoints.FullName, "consent-ledger.checkpoints")));
        return provider;
    }

    private static ConsentRequest Request(string subject) => new() { SubjectId = subject, Purpose = ConsentPurposes.Support, PolicyVersion = 1, Language = "ru" };

    private static async Task ExecuteAsync(ServiceProvider provider, string sql)
    {
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.ExecuteSqlRawAsync(sql);
    }
}

public sealed class SqliteConsentLedgerCheckpointTests : ConsentLedgerCheckpointTests
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    public override void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresConsentLedgerCheckpointTests(PostgresFixture postgres) : ConsentLedgerCheckpointTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
