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
    private readonly Lazy<DatabaseProvider> _database = new(() => PostgresServer.SkipReason is { } reason
        ? new UnavailableProvider(reason)
        : new NpgsqlProvider(postgres.NewConnectionString()));

    protected override DatabaseProvider Database => _database.Value;
}
