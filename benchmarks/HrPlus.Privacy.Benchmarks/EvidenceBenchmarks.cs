using BenchmarkDotNet.Attributes;
using HrPlus.Privacy.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HrPlus.Privacy.Benchmarks;

/// <summary>
/// The evidence budgets of DESIGN section 8: appending to the audit trail with the checkpoint job running (every
/// second here, so it runs throughout) against the same appends with no job, in one run; verifying a 1,000,000-entry
/// trail against its signed tree head (one read: chain, Merkle root at the head's size), through the checkpoint service and
/// through the auditor's offline verification; an inclusion proof from the kept tree of 1,000,000 leaves, made and verified.
/// Budgets: append on / off ratio ≤ 1.05; each 1,000,000-entry verification ≤ 5 s; the inclusion proof ≤ 50 µs.
/// </summary>
[MemoryDiagnoser]
public class EvidenceBenchmarks
{
    private const int VerifiedEntries = 1_000_000;
    private ServiceProvider _off = null!;
    private ServiceProvider _on = null!;
    private IAuditTrail _offTrail = null!;
    private IAuditTrail _onTrail = null!;
    private IHashChainCheckpoints _large = null!;
    private ServiceProvider _largeProvider = null!;
    private List<AuditEntry> _entries = null!;
    private SignedTreeHead[] _heads = null!;
    private IReadOnlyList<CheckpointPublicKey> _publicKeys = null!;
    private MerkleTreeLevels _tree = null!;
    private byte[] _root = null!;
    private long _index;

    [GlobalSetup]
    public void Setup()
    {
        _off = Build(null);
        _on = Build(TimeSpan.FromSeconds(1));
        foreach (var job in _on.GetServices<IHostedService>().OfType<ChainCheckpointJob>())
        {
            job.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        _offTrail = _off.GetRequiredService<IAuditTrail>();
        _onTrail = _on.GetRequiredService<IAuditTrail>();

        var store = new InMemoryAuditStore();
        _entries = new List<AuditEntry>(VerifiedEntries);
        for (var i = 0; i < VerifiedEntries; i++)
        {
            _entries.Add(store.AppendAsync(Entry(i), CancellationToken.None).AsTask().GetAwaiter().GetResult());
        }

        _largeProvider = Build(null, store);
        _large = _largeProvider.GetRequiredService<IHashChainCheckpoints>();
        var head = _large.CreateTreeHeadAsync(HashChainedLog.AuditTrail).AsTask().GetAwaiter().GetResult();
        _largeProvider.GetRequiredService<ISignedTreeHeadSink>().WriteAsync(head, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _heads = [head];
        _publicKeys = _large.GetPublicKeysAsync().AsTask().GetAwaiter().GetResult();

        var leaves = new byte[VerifiedEntries * MerkleTree.HashSize];
        Random.Shared.NextBytes(leaves);
        _tree = new MerkleTreeLevels(leaves);
        _root = _tree.Root(VerifiedEntries);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _on.Dispose();
        _off.Dispose();
        _largeProvider.Dispose();
    }

    [Benchmark(Baseline = true, Description = "append 100 audit entries, checkpoints off")]
    public async Task<long> AppendCheckpointsOff() => await AppendAsync(_offTrail);

    [Benchmark(Description = "append 100 audit entries, checkpoint job running")]
    public async Task<long> AppendCheckpointsOn() => await AppendAsync(_onTrail);

    [Benchmark(Description = "verify 1,000,000 entries against the signed tree head")]
    public async Task<ChainVerificationResult> Verify1M() => await _large.VerifyAgainstLatestAsync(HashChainedLog.AuditTrail);

    [Benchmark(Description = "auditor's verification of 1,000,000 entries against the signed tree head (EvidenceVerifier, offline)")]
    public async Task<EvidenceVerificationResult> AuditorVerify1M() =>
        await EvidenceVerifier.VerifyAuditTrailAsync(_entries.ToAsyncEnumerable(), _heads, _publicKeys);

    [Benchmark(Description = "inclusion proof in a 1,000,000-leaf tree, made and verified")]
    public bool InclusionProof()
    {
        var index = _index = (_index + 7919) % VerifiedEntries;
        return MerkleProof.VerifyInclusion(_tree.Leaf(index), index, VerifiedEntries, _tree.InclusionProof(index, VerifiedEntries), _root);
    }

    private static async Task<long> AppendAsync(IAuditTrail trail)
    {
        long last = 0;
        for (var i = 0; i < 100; i++)
        {
            last = (await trail.AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "operator-1", SubjectId = "pupil-000123", Purpose = "support" })).Sequence;
        }

        return last;
    }

    private static AuditEntry Entry(int i) => new()
    {
        EntryId = Guid.CreateVersion7(),
        OccurredAt = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(i),
        Operation = AuditOperation.Access,
        Actor = "operator-1",
        SubjectId = "pupil-" + (i % 5000).ToString("000000", System.Globalization.CultureInfo.InvariantCulture),
        Purpose = "support",
    };

    /// <summary>In-memory stores; "off" means no job runs (checkpoints cannot be switched off any more).</summary>
    private static ServiceProvider Build(TimeSpan? interval, InMemoryAuditStore? store = null)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy(o =>
        {
            o.Consent.OperatorName = "Benchmark school";
            o.Audit.CheckpointInterval = interval ?? TimeSpan.FromDays(1);
        }).UseInMemoryFieldKeys().UseInMemoryStores();
        if (store is not null)
        {
            services.AddSingleton<IAuditStore>(store);
        }

        return services.BuildServiceProvider();
    }
}
