using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.Tests.Audit;

/// <summary>The hosted checkpoint job and the shared checkpoint component of both hash-chained logs.</summary>
public sealed class ChainCheckpointJobTests : IDisposable
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hrplus-checkpoint-job-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Job_WithoutAnyConfiguration_WritesSignedTreeHeads_OfBothLogs()
    {
        await using var provider = Build(key: null);
        await AppendAsync(provider, 2);

        await Job(provider).RunOnceAsync(CancellationToken.None);

        var audit = SignedTreeHead.Parse(Assert.Single(await File.ReadAllLinesAsync(TreeHeadPathOf(HashChainedLog.AuditTrail))));
        var ledger = SignedTreeHead.Parse(Assert.Single(await File.ReadAllLinesAsync(TreeHeadPathOf(HashChainedLog.ConsentLedger))));
        var keys = await provider.GetRequiredService<IHashChainCheckpoints>().GetPublicKeysAsync();
        Assert.Equal((2L, 0L), (audit.TreeSize, ledger.TreeSize));
        Assert.True(SignedTreeHead.Verify(audit, keys) && SignedTreeHead.Verify(ledger, keys));
        Assert.Equal(Convert.ToHexStringLower(MerkleTree.EmptyRoot()), ledger.RootHash);
        Assert.False(File.Exists(PathOf(HashChainedLog.AuditTrail)));
        Assert.DoesNotContain(provider.GetFakeLogCollector().GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task RunOnce_AnUnchangedLog_IsNotSignedAgain_UntilTheDailyHeartbeat()
    {
        await using var provider = Build(key: null);
        await AppendAsync(provider, 1);
        var job = Job(provider);
        await job.RunOnceAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromHours(23));
        await job.RunOnceAsync(CancellationToken.None);
        var quiet = (await File.ReadAllLinesAsync(TreeHeadPathOf(HashChainedLog.AuditTrail))).Length;
        _time.Advance(TimeSpan.FromHours(1));
        await job.RunOnceAsync(CancellationToken.None);
        await AppendAsync(provider, 1);
        await job.RunOnceAsync(CancellationToken.None);

        var sizes = (await File.ReadAllLinesAsync(TreeHeadPathOf(HashChainedLog.AuditTrail))).Select(l => SignedTreeHead.Parse(l).TreeSize);
        Assert.Equal(1, quiet);
        Assert.Equal([1L, 1L, 2L], sizes);
    }

    [Fact]
    public async Task Job_WithAKey_WritesAVerifiedCheckpointOfEachLog_AtStartAndEveryInterval()
    {
        await using var provider = Build(Key);
        await AppendAsync(provider, 3);
        var job = Job(provider);

        await job.StartAsync(CancellationToken.None);
        await WaitForLinesAsync(HashChainedLog.AuditTrail, 1);
        await AppendAsync(provider, 2);
        await WaitForLinesAsync(HashChainedLog.AuditTrail, 2, advance: TimeSpan.FromHours(1));
        await job.StopAsync(CancellationToken.None);

        var audit = (await File.ReadAllLinesAsync(PathOf(HashChainedLog.AuditTrail))).Select(ChainCheckpoint.Parse).ToList();
        Assert.Equal([3L, 5L], audit.Take(2).Select(c => c.Sequence));
        var ledger = ChainCheckpoint.Parse((await File.ReadAllLinesAsync(PathOf(HashChainedLog.ConsentLedger)))[0]);
        Assert.Equal((HashChainedLog.ConsentLedger, 0L, HashChain.GenesisHash), (ledger.Log, ledger.Sequence, ledger.HeadHash));
        Assert.True((await provider.GetRequiredService<IHashChainCheckpoints>().VerifyAgainstLatestAsync(HashChainedLog.AuditTrail)).IsIntact);
    }

    [Fact]
    public async Task RunOnce_AStoreThatThrows_IsLogged_TheOtherLogIsStillCheckpointed_AndNothingEscapes()
    {
        await using var provider = Build(Key, s => s.AddSingleton<IConsentLedgerStore>(new UnreachableLedger()));
        await AppendAsync(provider, 1);

        await Job(provider).RunOnceAsync(CancellationToken.None);

        Assert.Contains(provider.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 1404 && r.Exception is IOException);
        Assert.False(File.Exists(PathOf(HashChainedLog.ConsentLedger)));
        Assert.Single(await File.ReadAllLinesAsync(PathOf(HashChainedLog.AuditTrail)));
    }

    [Fact]
    public async Task RunOnce_TrailCutBelowTheLatestCheckpoint_LogsCritical_AndSignsNothingNew()
    {
        var store = new InMemoryAuditStore();
        await using var provider = Build(Key, s => s.AddSingleton<IAuditStore>(store));
        await AppendAsync(provider, 3);
        var job = Job(provider);
        await job.RunOnceAsync(CancellationToken.None);

        store.RemoveForTests(2);
        await job.RunOnceAsync(CancellationToken.None);

        var critical = Assert.Single(provider.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 1060);
        Assert.Equal(LogLevel.Critical, critical.Level);
        Assert.Contains("Truncated at position 3", critical.Message, StringComparison.Ordinal);
        Assert.Single(await File.ReadAllLinesAsync(PathOf(HashChainedLog.AuditTrail)));
        Assert.Single(await File.ReadAllLinesAsync(TreeHeadPathOf(HashChainedLog.AuditTrail)));
    }

    [Fact]
    public async Task Verify_ACheckpointOfTheOtherLog_OrAForgedOne_IsCheckpointInvalid()
    {
        await using var provider = Build(Key);
        await AppendAsync(provider, 2);
        var checkpoints = provider.GetRequiredService<IHashChainCheckpoints>();
        var audit = await checkpoints.CreateAsync(HashChainedLog.AuditTrail);

        var asLedger = await checkpoints.VerifyAsync(HashChainedLog.ConsentLedger, audit);
        var forged = await checkpoints.VerifyAsync(HashChainedLog.AuditTrail, audit with { Sequence = 1 });
        var relabelled = await checkpoints.VerifyAsync(HashChainedLog.ConsentLedger, audit with { Log = HashChainedLog.ConsentLedger });

        Assert.Equal(ChainBreak.CheckpointInvalid, asLedger.Break);
        Assert.Equal(ChainBreak.CheckpointInvalid, forged.Break);
        Assert.Equal(ChainBreak.CheckpointInvalid, relabelled.Break);
        Assert.True((await checkpoints.VerifyAsync(HashChainedLog.AuditTrail, audit)).IsIntact);
    }

    [Fact]
    public void Parse_RoundTripsToString_AndRefusesAnythingElseWithoutEchoingIt()
    {
        var checkpoint = new ChainCheckpoint(HashChainedLog.ConsentLedger, 42, new string('a', 64), new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero), new string('b', 64));

        Assert.Equal(checkpoint, ChainCheckpoint.Parse(checkpoint.ToString()));
        Assert.StartsWith("hrplus-chain-checkpoint/1 consent-ledger 42 ", checkpoint.ToString(), StringComparison.Ordinal);
        var error = Assert.Throws<FormatException>(() => ChainCheckpoint.Parse(checkpoint.ToString().Replace("consent-ledger", "pupil-12", StringComparison.Ordinal)));
        Assert.DoesNotContain("pupil-12", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ChainCheckpoint.Parse(checkpoint.ToString()[..^1]));
    }

    private ServiceProvider Build(byte[]? key, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(_time);
        collection.AddLogging(b => b.AddFakeLogging());
        collection.AddDataProtection().UseEphemeralDataProtectionProvider();
        collection.AddHrPlusPrivacy(o =>
        {
#pragma warning disable CS0618 // These tests also cover the obsolete HMAC checkpoints, which keep working.
            o.Audit.CheckpointKey = key;
#pragma warning restore CS0618
            o.Audit.CheckpointDirectory = _folder.FullName;
        }).UseInMemoryFieldKeys().UseInMemoryStores();
        services?.Invoke(collection);
        return collection.BuildServiceProvider();
    }

    private static ChainCheckpointJob Job(ServiceProvider provider) =>
        provider.GetServices<IHostedService>().OfType<ChainCheckpointJob>().Single();

    private static async Task AppendAsync(ServiceProvider provider, int count)
    {
        var trail = provider.GetRequiredService<IAuditTrail>();
        for (var i = 0; i < count; i++)
        {
            await trail.AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "operator-1", SubjectId = $"pupil-{i}", Purpose = "support" });
        }
    }

    private string TreeHeadPathOf(HashChainedLog log) => Path.Combine(_folder.FullName, ChainCheckpoint.NameOf(log) + ".sth");

    private string PathOf(HashChainedLog log) => Path.Combine(_folder.FullName, ChainCheckpoint.NameOf(log) + ".checkpoints");

    private async Task WaitForLinesAsync(HashChainedLog log, int lines, TimeSpan? advance = null)
    {
        // Waits for the background job, not a timing assertion: the bound only keeps a broken job from hanging the run.
        // Advancing the clock each round wakes the job whether or not it had started waiting when we first looked.
        for (var i = 0; i < 500; i++)
        {
            if (advance is { } step)
            {
                _time.Advance(step);
            }

            if (File.Exists(PathOf(log)) && (await File.ReadAllLinesAsync(PathOf(log))).Length >= lines)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"The job did not write {lines} checkpoint(s) of the {log}.");
    }

    private sealed class UnreachableLedger : IConsentLedgerStore
    {
        public ValueTask<ConsentEvent> AppendAsync(ConsentEvent pending, CancellationToken cancellationToken) => throw new IOException("The database is unreachable.");

        public ValueTask<ConsentEvent?> FindLatestAsync(string subjectId, string purpose, DateTimeOffset? asOf, CancellationToken cancellationToken) => throw new IOException("The database is unreachable.");

        public ValueTask<IReadOnlyList<ConsentEvent>> GetHistoryAsync(string subjectId, CancellationToken cancellationToken) => throw new IOException("The database is unreachable.");

        public ValueTask<ConsentEvent?> FindAsync(Guid eventId, CancellationToken cancellationToken) => throw new IOException("The database is unreachable.");

        public IAsyncEnumerable<ConsentEvent> ReadAllAsync(CancellationToken cancellationToken) => throw new IOException("The database is unreachable.");
    }
}
