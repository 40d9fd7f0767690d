using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Encryption;

/// <summary>The epoch-key database of <c>PersistEpochKeysToDbContext</c>: a context of its own.</summary>
public sealed class EpochDbContext(DbContextOptions<EpochDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.UseHrPlusPrivacyEpochKeys();
}

/// <summary>
/// Several instances over one database (SQLite, PostgreSQL), started together: one live key per subject, one first key and
/// one root per purpose, values readable everywhere at once; epoch keys in a database of their own.
/// </summary>
public abstract class FleetKeyStoreTests : IDisposable
{
    private static readonly FieldContext Name = FieldContext.For("Pupil", "FullName");
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _dataProtectionKeys = Directory.CreateTempSubdirectory("hrplus-dp-");
    private readonly List<ServiceProvider> _instances = [];

    protected abstract DatabaseProvider Database { get; }

    protected abstract DatabaseProvider EpochDatabase { get; }

    public virtual void Dispose()
    {
        foreach (var instance in _instances)
        {
            instance.Dispose();
        }

        _dataProtectionKeys.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    [SkippableFact]
    public async Task TryAddIfSlotFree_EightWritersOverFourInstancesAtOnce_ExactlyOneAdds()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => Instance().GetRequiredService<IFieldKeyStore>()).ToArray();
        for (var round = 0; round < 6; round++)
        {
            var subject = round % 2 == 0 ? $"pupil-{round}" : null;
            using var start = new Barrier(8);
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                var mine = Record((uint)(round * 100 + w + 1), subject is null ? FieldKeyPurpose.Pseudonym : FieldKeyPurpose.SubjectEncryption, subject);
                start.SignalAndWait();
                return (Mine: mine.Id, Got: (await stores[w % 4].TryAddIfSlotFreeAsync(mine, CancellationToken.None))!.Id);
            })));

            var winner = Assert.Single(results, r => r.Mine == r.Got).Got;
            Assert.All(results, r => Assert.Equal(winner, r.Got));
            var live = await stores[0].GetLiveAsync(subject is null ? FieldKeyPurpose.Pseudonym : FieldKeyPurpose.SubjectEncryption, subject, CancellationToken.None);
            Assert.Equal(winner, Assert.Single(live).Id);
            Assert.Equal(winner, (await stores[1].GetAsync(winner, CancellationToken.None))!.Id);
            if (subject is null)
            {
                Assert.True(await stores[0].TryUpdateAsync(live[0] with { State = FieldKeyState.Retired, RetiredAt = Now }, live[0], CancellationToken.None));
            }
        }
    }

    [SkippableFact]
    public async Task SecondLiveKeyForOneSubject_WrittenPastTheSlot_IsRefusedByTheUniqueIndex()
    {
        var store = Instance().GetRequiredService<IFieldKeyStore>();
        Assert.True(await store.TryAddAsync(Record(1, FieldKeyPurpose.SubjectEncryption, "pupil-1"), CancellationToken.None));

        await Assert.ThrowsAsync<DbUpdateException>(async () => await store.TryAddAsync(Record(2, FieldKeyPurpose.SubjectEncryption, "pupil-1"), CancellationToken.None));

        // Once the first is destroyed the subject may have a new key.
        var first = (await store.GetAsync(1, CancellationToken.None))!;
        Assert.True(await store.TryUpdateAsync(first with { State = FieldKeyState.Destroyed, DestroyedAt = Now, WrappedKey = null }, first, CancellationToken.None));
        Assert.True(await store.TryAddAsync(Record(2, FieldKeyPurpose.SubjectEncryption, "pupil-1"), CancellationToken.None));
    }

    [SkippableFact]
    public async Task FourInstancesStartTogetherOnAnEmptyDatabase_OneFirstKeyAndOneRootEach_IdenticalIndexesAndPseudonyms()
    {
        var instances = Enumerable.Range(0, 4).Select(_ => Instance()).ToArray();
        using var start = new Barrier(instances.Length);

        var seen = await Task.WhenAll(instances.Select(instance => Task.Run(() =>
        {
            start.SignalAndWait();
            var index = HrPlus.Privacy.Encryption.BlindIndex.Create("pupil-code", BlindIndexNormalization.Exact, 64);
            return (
                Key: instance.GetRequiredService<IFieldKeyRing>().CurrentKey.Id,
                Index: instance.GetRequiredService<IBlindIndexer>().Compute(index, "code-0042"),
                Pseudonym: instance.GetRequiredService<HrPlus.Privacy.Pseudonymization.IPseudonymizer>().Pseudonymize("pupil-7", "reports"));
        })));

        Assert.Single(seen.Distinct());
        var records = await instances[0].GetRequiredService<IFieldKeyStore>().GetAllAsync(CancellationToken.None);
        Assert.Single(records, r => r.Purpose == FieldKeyPurpose.Encryption);
        Assert.Single(records, r => r.Purpose == FieldKeyPurpose.BlindIndex);
        Assert.Single(records, r => r.Purpose == FieldKeyPurpose.Pseudonym);
    }

    [SkippableFact]
    public async Task ThreeInstancesEnrolTheSameNewSubjectsAtOnce_OneLiveKeyEach_ReadableEverywhereAtOnce()
    {
        var instances = Enumerable.Range(0, 3).Select(_ => Instance(perSubjectKeys: true)).ToArray();
        foreach (var instance in instances)
        {
            _ = instance.GetRequiredService<IFieldKeyRing>().CurrentKey;
        }

        const int Subjects = 20;
        using var start = new Barrier(instances.Length);
        var written = await Task.WhenAll(instances.Select((instance, i) => Task.Run(() =>
        {
            start.SignalAndWait();
            var encryptor = instance.GetRequiredService<IFieldEncryptor>();
            return Enumerable.Range(0, Subjects).Select(s => (Subject: $"pupil-{s}", Value: $"{i}/{s}", Ciphertext: encryptor.Encrypt($"{i}/{s}", Name.WithSubject($"pupil-{s}")))).ToList();
        })));

        var store = instances[0].GetRequiredService<IFieldKeyStore>();
        for (var s = 0; s < Subjects; s++)
        {
            Assert.Single(await store.GetLiveAsync(FieldKeyPurpose.SubjectEncryption, $"pupil-{s}", CancellationToken.None));
        }

        foreach (var (subject, value, ciphertext) in written.SelectMany(w => w))
        {
            Assert.All(instances, instance => Assert.Equal(value, instance.GetRequiredService<IFieldEncryptor>().Decrypt(ciphertext, Name.WithSubject(subject))));
        }

        // The epoch keys are in their own database, one epoch for the fleet; the app's database holds one shared key.
        var options = new DbContextOptionsBuilder<EpochDbContext>();
        EpochDatabase.Configure(options);
        using var epochs = new EpochDbContext(options.Options);
        Assert.Single(epochs.Set<HrPlus.Privacy.EntityFrameworkCore.Encryption.FieldKeyEntity>().AsNoTracking().ToList());
        Assert.Single(await store.GetAllAsync(CancellationToken.None), r => r.Purpose == FieldKeyPurpose.Encryption);
    }

    // The synchronous encryption (EF Core's value conversion, SaveChanges) meets subjects it has not met and the key ring
    // reads and writes the store under its lock; a refresh holds the same lock. The ring used the store's asynchronous
    // calls there, blocking on them: the holder needed a pool thread to finish its call while the waiters held the pool's
    // threads, blocked on the lock, and the pool adds about one thread a second. In the fleet this stalled an instance for
    // up to 1.8 s, an erasure included (issue 22). Under the lock the ring now uses the store's synchronous calls.
    [SkippableFact]
    public async Task Encrypt_ABurstOfBlockingCallersEachMeetingANewSubject_WhileTheRingRefreshes_AllAnswerWithinASecond()
    {
        var instance = Instance(perSubjectKeys: true);
        var encryptor = instance.GetRequiredService<IFieldEncryptor>();
        var ring = instance.GetRequiredService<IFieldKeyRing>();
        _ = encryptor.Encrypt("warm", Name.WithSubject("warm"));
        var callers = (Environment.ProcessorCount * 4) + 8;

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var refreshes = Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await ring.RefreshAsync();
            }
        });
        var writes = Enumerable.Range(0, callers).Select(i => Task.Run(() => encryptor.Encrypt($"value {i}", Name.WithSubject($"burst-{i}")))).ToList();
        var all = await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(120));
        await refreshes.WaitAsync(TimeSpan.FromSeconds(120));
        var elapsed = watch.Elapsed;

        Assert.Equal(Enumerable.Range(0, callers).Select(i => $"value {i}"), all.Select((c, i) => encryptor.Decrypt(c, Name.WithSubject($"burst-{i}"))));
        var store = instance.GetRequiredService<IFieldKeyStore>();
        Assert.Equal(callers, (await store.GetAllAsync(CancellationToken.None)).Count(r => r.Purpose == FieldKeyPurpose.SubjectEncryption && r.SubjectId!.StartsWith("burst-", StringComparison.Ordinal)));
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"{callers} blocking first encryptions beside 5 refreshes took {elapsed.TotalMilliseconds:F0} ms (bound: 1 s).");
    }

    [SkippableFact]
    public void PersistEpochKeysToDbContext_OnTheAppsOwnContext_FailsSayingWhatToDo()
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_dataProtectionKeys).SetApplicationName("hrplus-fleet-tests");
        Database.AddContext(services);
        services.AddHrPlusPrivacy(o => o.Encryption.PerSubjectKeys = true).UseEntityFrameworkCoreStores<TestDbContext>().PersistEpochKeysToDbContext<TestDbContext>();
        Database.EnsureCreated();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IFieldEncryptor>().Encrypt("x", Name.WithSubject("pupil-1")));

        Assert.Contains("UseHrPlusPrivacyEpochKeys", error.Message, StringComparison.Ordinal);
        Assert.Contains("database of its own", error.Message, StringComparison.Ordinal);
    }

    private static FieldKeyRecord Record(uint id, FieldKeyPurpose purpose, string? subject = null) => new()
    {
        Id = id,
        Purpose = purpose,
        State = FieldKeyState.Active,
        CreatedAt = Now,
        ActivatesAt = Now,
        ExpiresAt = Now.AddDays(30),
        SubjectId = subject,
        WrappedKey = [1, 2, 3, 4, 5],
    };

    private ServiceProvider Instance(bool perSubjectKeys = false)
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_dataProtectionKeys).SetApplicationName("hrplus-fleet-tests");
        Database.AddContext(services);
        services.AddDbContext<EpochDbContext>(EpochDatabase.Configure);
        services.AddHrPlusPrivacy(o => o.Encryption.PerSubjectKeys = perSubjectKeys)
            .UseEntityFrameworkCoreStores<TestDbContext>()
            .PersistEpochKeysToDbContext<EpochDbContext>();
        if (_instances.Count == 0)
        {
            Database.EnsureCreated();
            var options = new DbContextOptionsBuilder<EpochDbContext>();
            EpochDatabase.Configure(options);
            using var epochs = new EpochDbContext(options.Options);
            epochs.Database.EnsureCreated();

            // DataProtection's first key, made once, so the instances share one ring as a fleet does.
            using var first = services.BuildServiceProvider();
            _ = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("warm-up").Protect([1]);
        }

        var instance = services.BuildServiceProvider();
        _instances.Add(instance);
        return instance;
    }
}

public sealed class SqliteFleetKeyStoreTests : FleetKeyStoreTests
{
    private readonly SqliteProvider _database = new();
    private readonly SqliteProvider _epochs = new();

    protected override DatabaseProvider Database => _database;

    protected override DatabaseProvider EpochDatabase => _epochs;

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
        _epochs.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresFleetKeyStoreTests(PostgresFixture postgres) : FleetKeyStoreTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);
    private readonly Lazy<DatabaseProvider> _epochs = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;

    protected override DatabaseProvider EpochDatabase => _epochs.Value;
}
