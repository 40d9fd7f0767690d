using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Encryption;

/// <summary>The field key store contract, run on SQLite and on PostgreSQL.</summary>
public abstract class FieldKeyStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _dataProtectionKeys = Directory.CreateTempSubdirectory("hrplus-dp-");

    protected abstract DatabaseProvider Database { get; }

    public virtual void Dispose() => _dataProtectionKeys.Delete(recursive: true);

    [SkippableFact]
    public async Task TryAdd_ThenGetAll_RoundTripsEveryField()
    {
        using var provider = BuildProvider();
        var store = provider.GetRequiredService<IFieldKeyStore>();
        var record = Record(0xFFFFFFF0, FieldKeyPurpose.Encryption) with { RetiredAt = Now.AddDays(1) };

        Assert.True(await store.TryAddAsync(record, CancellationToken.None));
        var all = await store.GetAllAsync(CancellationToken.None);

        var loaded = Assert.Single(all);
        Assert.Equal(record.Id, loaded.Id);
        Assert.Equal(record.Purpose, loaded.Purpose);
        Assert.Equal(record.State, loaded.State);
        Assert.Equal(record.CreatedAt, loaded.CreatedAt);
        Assert.Equal(record.ActivatesAt, loaded.ActivatesAt);
        Assert.Equal(record.ExpiresAt, loaded.ExpiresAt);
        Assert.Equal(record.RetiredAt, loaded.RetiredAt);
        Assert.Null(loaded.DestroyedAt);
        Assert.Equal(record.WrappedKey, loaded.WrappedKey);
    }

    [SkippableFact]
    public async Task TryAdd_DuplicateId_ReturnsFalseAndKeepsFirst()
    {
        using var provider = BuildProvider();
        var store = provider.GetRequiredService<IFieldKeyStore>();

        Assert.True(await store.TryAddAsync(Record(7, FieldKeyPurpose.Encryption), CancellationToken.None));
        Assert.False(await store.TryAddAsync(Record(7, FieldKeyPurpose.Pseudonym), CancellationToken.None));

        Assert.Equal(FieldKeyPurpose.Encryption, Assert.Single(await store.GetAllAsync(CancellationToken.None)).Purpose);
    }

    [SkippableFact]
    public async Task Update_Destroy_ClearsWrappedKey()
    {
        using var provider = BuildProvider();
        var store = provider.GetRequiredService<IFieldKeyStore>();
        var record = Record(9, FieldKeyPurpose.Encryption);
        await store.TryAddAsync(record, CancellationToken.None);

        await store.UpdateAsync(record with { State = FieldKeyState.Destroyed, DestroyedAt = Now, WrappedKey = null }, CancellationToken.None);

        var loaded = Assert.Single(await store.GetAllAsync(CancellationToken.None));
        Assert.Equal(FieldKeyState.Destroyed, loaded.State);
        Assert.Equal(Now, loaded.DestroyedAt);
        Assert.Null(loaded.WrappedKey);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.UpdateAsync(Record(10, FieldKeyPurpose.Encryption), CancellationToken.None));
    }

    [SkippableFact]
    public void TwoInstances_ShareKeysThroughTheDatabase()
    {
        var context = FieldContext.For("Pupil", "Iin").WithRow(42);
        using var first = BuildProvider();
        using var second = BuildProvider();

        var ciphertext = first.GetRequiredService<IFieldEncryptor>().Encrypt("050315500123", context);

        Assert.Equal("050315500123", second.GetRequiredService<IFieldEncryptor>().Decrypt(ciphertext, context));
        Assert.Equal(first.GetRequiredService<IFieldKeyRing>().CurrentKey.Id, second.GetRequiredService<IFieldKeyRing>().CurrentKey.Id);
    }

    [SkippableFact]
    public async Task Destroy_OnOneInstance_IsSeenByTheOtherAfterRefresh()
    {
        var context = FieldContext.For("Pupil", "FullName");
        using var first = BuildProvider();
        using var second = BuildProvider();
        var ciphertext = first.GetRequiredService<IFieldEncryptor>().Encrypt("Әлихан", context);
        Assert.Equal("Әлихан", second.GetRequiredService<IFieldEncryptor>().Decrypt(ciphertext, context));

        var keyId = first.GetRequiredService<IFieldKeyRing>().CurrentKey.Id;
        await first.GetRequiredService<IFieldKeyRing>().DestroyAsync(keyId);
        await second.GetRequiredService<IFieldKeyRing>().RefreshAsync();

        var ex = Assert.Throws<FieldDecryptionException>(() => second.GetRequiredService<IFieldEncryptor>().Decrypt(ciphertext, context));
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, ex.Reason);
    }

    [SkippableFact]
    public async Task TryAdd_ThenGetAll_KeepsReservationAndWrappingVersion()
    {
        using var provider = BuildProvider();
        var store = provider.GetRequiredService<IFieldKeyStore>();
        var record = Record(0xFFFFFFF1, FieldKeyPurpose.Encryption) with { ReservedEncryptions = (1L << 32) - 5, WrappingVersion = 1 };

        Assert.True(await store.TryAddAsync(record, CancellationToken.None));

        var loaded = Assert.Single(await store.GetAllAsync(CancellationToken.None));
        Assert.Equal((1L << 32) - 5, loaded.ReservedEncryptions);
        Assert.Equal(1, loaded.WrappingVersion);
    }

    [SkippableFact]
    public async Task TryUpdate_StoredMatchesExpected_ReplacesEveryMutableField()
    {
        using var provider = BuildProvider();
        var store = provider.GetRequiredService<IFieldKeyStore>();
        var read = Record(11, FieldKeyPurpose.Encryption);
        await store.TryAddAsync(read, CancellationToken.None);
        var next = read with { State = FieldKeyState.Retired, RetiredAt = Now.AddDays(2), ExpiresAt = Now.AddDays(3), ReservedEncryptions = 4096, WrappingVersion = 1, WrappedKey = [9, 9] };

        Assert.True(await store.TryUpdateAsync(next, read, CancellationToken.None));

        var loaded = Assert.Single(await store.GetAllAsync(CancellationToken.None));
        Assert.Equal(next with { WrappedKey = null }, loaded with { WrappedKey = null });
        Assert.Equal([9, 9], loaded.WrappedKey);
    }

    [SkippableTheory]
    [InlineData("state")]
    [InlineData("reservation")]
    [InlineData("wrapping")]
    public async Task TryUpdate_StoredChangedSinceRead_ReturnsFalseAndKeepsStored(string change)
    {
        using var provider = BuildProvider();
        var store = provider.GetRequiredService<IFieldKeyStore>();
        var read = Record(12, FieldKeyPurpose.Encryption);
        await store.TryAddAsync(read, CancellationToken.None);
        var other = change switch
        {
            "state" => read with { State = FieldKeyState.Retired, RetiredAt = Now },
            "reservation" => read with { ReservedEncryptions = 4096 },
            _ => read with { WrappingVersion = 1 },
        };
        Assert.True(await store.TryUpdateAsync(other, read, CancellationToken.None));

        Assert.False(await store.TryUpdateAsync(read with { ReservedEncryptions = 1 }, read, CancellationToken.None));

        Assert.Equal(other with { WrappedKey = null }, Assert.Single(await store.GetAllAsync(CancellationToken.None)) with { WrappedKey = null });
    }

    [SkippableFact]
    public async Task TryUpdate_Destroyed_NeverReplaced()
    {
        using var provider = BuildProvider();
        var store = provider.GetRequiredService<IFieldKeyStore>();
        var read = Record(13, FieldKeyPurpose.Encryption);
        await store.TryAddAsync(read, CancellationToken.None);
        var destroyed = read with { State = FieldKeyState.Destroyed, DestroyedAt = Now, WrappedKey = null };
        Assert.True(await store.TryUpdateAsync(destroyed, read, CancellationToken.None));

        Assert.False(await store.TryUpdateAsync(read, destroyed, CancellationToken.None));
        Assert.False(await store.TryUpdateAsync(read, read, CancellationToken.None));
        Assert.False(await store.TryUpdateAsync(Record(14, FieldKeyPurpose.Encryption), Record(14, FieldKeyPurpose.Encryption), CancellationToken.None));

        var loaded = Assert.Single(await store.GetAllAsync(CancellationToken.None));
        Assert.Equal(FieldKeyState.Destroyed, loaded.State);
        Assert.Null(loaded.WrappedKey);
    }

    [SkippableFact]
    public async Task Update_DestroyedBackToActive_ThrowsAndStaysDestroyed()
    {
        using var provider = BuildProvider();
        var store = provider.GetRequiredService<IFieldKeyStore>();
        var record = Record(15, FieldKeyPurpose.Encryption);
        await store.TryAddAsync(record, CancellationToken.None);
        await store.UpdateAsync(record with { State = FieldKeyState.Destroyed, DestroyedAt = Now, WrappedKey = null }, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.UpdateAsync(record, CancellationToken.None));

        Assert.Equal("The key 0000000f is destroyed; a destroyed key is never brought back.", ex.Message);
        await store.UpdateAsync(record with { State = FieldKeyState.Destroyed, DestroyedAt = Now.AddDays(1), WrappedKey = null }, CancellationToken.None);
        var loaded = Assert.Single(await store.GetAllAsync(CancellationToken.None));
        Assert.Equal(FieldKeyState.Destroyed, loaded.State);
        Assert.Null(loaded.WrappedKey);
        Assert.Equal(Now.AddDays(1), loaded.DestroyedAt);
    }

    [SkippableFact]
    public async Task TryUpdate_ConcurrentInstancesFromOneRead_ExactlyOneWinsEachRound()
    {
        using var first = BuildProvider();
        using var second = BuildProvider();
        var stores = new[] { first.GetRequiredService<IFieldKeyStore>(), second.GetRequiredService<IFieldKeyStore>() };
        var current = Record(16, FieldKeyPurpose.Encryption);
        await stores[0].TryAddAsync(current, CancellationToken.None);
        const int Writers = 4;

        for (var round = 0; round < 15; round++)
        {
            var read = current;
            using var start = new Barrier(Writers);
            var attempts = Enumerable.Range(1, Writers).Select(w => Task.Run(async () =>
            {
                start.SignalAndWait();
                var mine = read with { ReservedEncryptions = read.ReservedEncryptions + w };
                return (Won: await stores[w % 2].TryUpdateAsync(mine, read, CancellationToken.None), mine);
            })).ToArray();
            var results = await Task.WhenAll(attempts);

            var winner = Assert.Single(results, r => r.Won).mine;
            current = Assert.Single(await stores[0].GetAllAsync(CancellationToken.None));
            Assert.Equal(winner.ReservedEncryptions, current.ReservedEncryptions);
        }
    }

    [SkippableFact]
    public async Task DestroyRacingWithReservations_DestroyedNeverComesBack()
    {
        using var first = BuildProvider();
        using var second = BuildProvider();
        var a = first.GetRequiredService<IFieldKeyStore>();
        var b = second.GetRequiredService<IFieldKeyStore>();
        for (uint id = 100; id < 110; id++)
        {
            var read = Record(id, FieldKeyPurpose.Encryption);
            await a.TryAddAsync(read, CancellationToken.None);
            using var start = new Barrier(3);
            await Task.WhenAll(
                Task.Run(async () => { start.SignalAndWait(); await a.UpdateAsync(read with { State = FieldKeyState.Destroyed, DestroyedAt = Now, WrappedKey = null }, CancellationToken.None); }),
                Task.Run(async () => { start.SignalAndWait(); await b.TryUpdateAsync(read with { ReservedEncryptions = 10 }, read, CancellationToken.None); }),
                Task.Run(async () => { start.SignalAndWait(); await b.TryUpdateAsync(read with { State = FieldKeyState.Retired, RetiredAt = Now }, read, CancellationToken.None); }));

            var loaded = (await b.GetAllAsync(CancellationToken.None)).Single(r => r.Id == id);
            Assert.Equal(FieldKeyState.Destroyed, loaded.State);
            Assert.Null(loaded.WrappedKey);
        }
    }

    private static FieldKeyRecord Record(uint id, FieldKeyPurpose purpose) => new()
    {
        Id = id,
        Purpose = purpose,
        State = FieldKeyState.Active,
        CreatedAt = Now,
        ActivatesAt = Now,
        ExpiresAt = Now.AddDays(30),
        WrappedKey = [1, 2, 3, 4, 5],
    };

    private ServiceProvider BuildProvider()
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_dataProtectionKeys).SetApplicationName("hrplus-ef-tests");
        Database.AddContext(services);
        services.AddHrPlusPrivacy().UseEntityFrameworkCoreStores<TestDbContext>();
        Database.EnsureCreated();
        return services.BuildServiceProvider();
    }
}

public sealed class SqliteFieldKeyStoreTests : FieldKeyStoreTests
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
public sealed class PostgresFieldKeyStoreTests(PostgresFixture postgres) : FieldKeyStoreTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
