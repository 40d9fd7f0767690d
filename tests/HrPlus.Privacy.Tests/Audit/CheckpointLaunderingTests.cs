using HrPlus.Privacy.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.Tests.Audit;

/// <summary>
/// The attacks of issue 23 on the checkpoint job: a history rewritten between the job's reads, a truncated log, and a
/// checkpoint made without verification. Written first against the code that signed them.
/// </summary>
public sealed class CheckpointLaunderingTests : IDisposable
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hrplus-laundering-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 4, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Job_HistoryRewrittenBetweenItsReads_NeverSignsTheRewrittenHistory()
    {
        // Three entries, the second a rogue one; a checkpoint at 3. Then the administrator removes the rogue entry and
        // relinks the rest with recomputed hashes, committing between the job's reads (the store answers the first read
        // of a round with the old history, every later read with the new one).
        var original = new InMemoryAuditStore();
        var store = new SwitchingAuditStore(original);
        await using var provider = Build(s => s.AddSingleton<IAuditStore>(store));
        await AppendAsync(provider, 3);
        var job = provider.GetServices<IHostedService>().OfType<ChainCheckpointJob>().Single();
        await job.RunOnceAsync(CancellationToken.None);
        var rewritten = await RewriteWithoutAsync(original, position: 2);

        store.SwitchAfterReads(1, rewritten);
        _time.Advance(TimeSpan.FromHours(1));
        await job.RunOnceAsync(CancellationToken.None);

        Assert.DoesNotContain(await LegacyCheckpointsAsync(), c => c.Sequence == 2);
        Assert.DoesNotContain(await TreeHeadLinesAsync(), l => l.Split(' ')[2] == "2");
        var verified = await provider.GetRequiredService<IHashChainCheckpoints>().VerifyAgainstLatestAsync(HashChainedLog.AuditTrail);
        Assert.False(verified.IsIntact);
    }

    [Fact]
    public async Task CreateAsync_LogTruncatedAndRelinkedBelowTheLatestCheckpoint_SignsNothing()
    {
        var original = new InMemoryAuditStore();
        var store = new SwitchingAuditStore(original);
        await using var provider = Build(s => s.AddSingleton<IAuditStore>(store));
        await AppendAsync(provider, 4);
        var job = provider.GetServices<IHostedService>().OfType<ChainCheckpointJob>().Single();
        await job.RunOnceAsync(CancellationToken.None);

        store.SwitchAfterReads(0, await RewriteWithoutAsync(original, position: 4));
        _time.Advance(TimeSpan.FromHours(1));

        await Assert.ThrowsAnyAsync<InvalidOperationException>(
            async () => await provider.GetRequiredService<IHashChainCheckpoints>().CreateAsync(HashChainedLog.AuditTrail));
    }

    [Fact]
    public async Task CreateCheckpointAsync_OverAnEditedTrail_Refuses()
    {
        var store = new InMemoryAuditStore();
        await using var provider = Build(s => s.AddSingleton<IAuditStore>(store));
        await AppendAsync(provider, 3);
        var entries = await store.ReadAllAsync(CancellationToken.None).ToListAsync();
        store.ReplaceForTests(1, entries[1] with { Detail = "edited" });

        var trail = provider.GetRequiredService<IAuditTrail>();

        await Assert.ThrowsAnyAsync<InvalidOperationException>(async () => await trail.CreateCheckpointAsync());
    }

    private ServiceProvider Build(Action<IServiceCollection> services)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(_time);
        collection.AddLogging(b => b.AddFakeLogging());
        collection.AddDataProtection().UseEphemeralDataProtectionProvider();
#pragma warning disable CS0618 // The obsolete HMAC key is what the attack was first reproduced with; both kinds must refuse.
        collection.AddHrPlusPrivacy(o =>
        {
            o.Audit.CheckpointKey = Key;
            o.Audit.CheckpointDirectory = _folder.FullName;
        }).UseInMemoryFieldKeys().UseInMemoryStores();
#pragma warning restore CS0618
        services(collection);
        return collection.BuildServiceProvider();
    }

    private static async Task AppendAsync(ServiceProvider provider, int count)
    {
        var trail = provider.GetRequiredService<IAuditTrail>();
        for (var i = 0; i < count; i++)
        {
            await trail.AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "operator-1", SubjectId = $"pupil-{i}", Purpose = "support" });
        }
    }

    /// <summary>The same trail without the entry at <paramref name="position"/>, relinked with recomputed hashes.</summary>
    private static async Task<InMemoryAuditStore> RewriteWithoutAsync(InMemoryAuditStore original, long position)
    {
        var rewritten = new InMemoryAuditStore();
        await foreach (var entry in original.ReadAllAsync(CancellationToken.None))
        {
            if (entry.Sequence != position)
            {
                await rewritten.AppendAsync(entry with { Sequence = 0, PreviousHash = string.Empty, Hash = string.Empty }, CancellationToken.None);
            }
        }

        return rewritten;
    }

    private async Task<List<ChainCheckpoint>> LegacyCheckpointsAsync()
    {
        var path = Path.Combine(_folder.FullName, "audit-trail.checkpoints");
        return File.Exists(path) ? [.. (await File.ReadAllLinesAsync(path)).Select(ChainCheckpoint.Parse)] : [];
    }

    private async Task<List<string>> TreeHeadLinesAsync()
    {
        var path = Path.Combine(_folder.FullName, "audit-trail.sth");
        return File.Exists(path) ? [.. await File.ReadAllLinesAsync(path)] : [];
    }

    /// <summary>An audit store whose whole-trail reads switch to another trail after a number of reads.</summary>
    private sealed class SwitchingAuditStore(InMemoryAuditStore original) : IAuditStore
    {
        private IAuditStore _current = original;
        private IAuditStore? _next;
        private int _readsBeforeSwitch;

        public void SwitchAfterReads(int reads, IAuditStore next)
        {
            _next = next;
            _readsBeforeSwitch = reads;
            if (reads == 0)
            {
                _current = next;
            }
        }

        public ValueTask<AuditEntry> AppendAsync(AuditEntry pending, CancellationToken cancellationToken) => _current.AppendAsync(pending, cancellationToken);

        public ValueTask<IReadOnlyList<AuditEntry>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken) => _current.GetBySubjectAsync(subjectId, cancellationToken);

        public ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken) => _current.GetHeadAsync(cancellationToken);

        public IAsyncEnumerable<AuditEntry> ReadAllAsync(CancellationToken cancellationToken)
        {
            var reading = _current;
            if (_next is not null && --_readsBeforeSwitch == 0)
            {
                _current = _next;
            }

            return reading.ReadAllAsync(cancellationToken);
        }
    }
}
