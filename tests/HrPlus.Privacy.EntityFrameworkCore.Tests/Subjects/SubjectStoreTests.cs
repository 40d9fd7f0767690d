using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Subjects;

/// <summary>Subject blocks and subject keys on SQLite and PostgreSQL.</summary>
public abstract class SubjectStoreTests : IDisposable
{
    private static readonly FieldContext PupilIin = FieldContext.For("Pupil", "Iin");
    private readonly DirectoryInfo _dataProtectionKeys = Directory.CreateTempSubdirectory("hrplus-dp-");

    protected abstract DatabaseProvider Database { get; }

    public virtual void Dispose() => _dataProtectionKeys.Delete(recursive: true);

    [SkippableFact]
    public async Task Blocks_RoundTrip_AndAnotherInstanceRefusesDecryptionFromItsFirstUse()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 6, 0, 0, 123, TimeSpan.Zero));
        using var a = Build(time);
        var blocking = a.GetRequiredService<ISubjectBlocking>();
        var stored = a.GetRequiredService<IFieldEncryptor>().Encrypt("100412500013", PupilIin.WithSubject("pupil-1"));

        var first = await blocking.BlockAsync("pupil-1", "accuracy disputed, request 2026-41", BlockRequester.LegalRepresentative, "operator-7");
        time.Advance(TimeSpan.FromHours(2));
        var ended = await blocking.UnblockAsync("pupil-1", "operator-8");
        var second = await blocking.BlockAsync("pupil-1", "authority request 12-3/456", BlockRequester.AuthorizedBody, "operator-8");

        var store = a.GetRequiredService<IBlockStore>();
        var history = await store.GetBySubjectAsync("pupil-1", CancellationToken.None);
        Assert.Equal([ended, second], history);
        Assert.Equal(first with { UnblockedAt = time.GetUtcNow(), UnblockedBy = "operator-8" }, history[0]);
        Assert.Equal([second], await store.GetActiveAsync(CancellationToken.None));
        Assert.Empty(await store.GetBySubjectAsync("pupil-2", CancellationToken.None));

        // A second instance (same database, same DataProtection ring) loads the blocks before its first decryption.
        using var b = Build(time, ensureCreated: false);
        var refused = Assert.Throws<FieldDecryptionException>(() => b.GetRequiredService<IFieldEncryptor>().Decrypt(stored, PupilIin.WithSubject("pupil-1")));
        Assert.Equal(FieldDecryptionFailureReason.SubjectBlocked, refused.Reason);
    }

    [SkippableFact]
    public async Task SubjectKeys_AreStoredWithTheirSubject_AndErasureDestroysThem()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero));
        using var app = Build(time);
        var encryptor = app.GetRequiredService<IFieldEncryptor>();
        var one = encryptor.Encrypt("100412500013", PupilIin.WithSubject("pupil-1"));
        var two = encryptor.Encrypt("100412500400", PupilIin.WithSubject("pupil-2"));

        var keys = await app.GetRequiredService<IFieldKeyStore>().GetAllAsync(CancellationToken.None);
        Assert.Equal(["pupil-1", "pupil-2"], keys.Where(k => k.Purpose == FieldKeyPurpose.SubjectEncryption).Select(k => k.SubjectId).Order(StringComparer.Ordinal));
        Assert.All(keys.Where(k => k.Purpose != FieldKeyPurpose.SubjectEncryption), k => Assert.Null(k.SubjectId));

        var result = await app.GetRequiredService<ISubjectErasure>().EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "subject request" });

        Assert.Equal(1, result.KeysDestroyed);
        using var other = Build(time, ensureCreated: false);
        var destroyed = Assert.Throws<FieldDecryptionException>(() => other.GetRequiredService<IFieldEncryptor>().Decrypt(one, PupilIin.WithSubject("pupil-1")));
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, destroyed.Reason);
        Assert.Equal("100412500400", other.GetRequiredService<IFieldEncryptor>().Decrypt(two, PupilIin.WithSubject("pupil-2")));
        var row = Assert.Single(await app.GetRequiredService<IFieldKeyStore>().GetAllAsync(CancellationToken.None), k => k.SubjectId == "pupil-1");
        Assert.Equal(FieldKeyState.Destroyed, row.State);
        Assert.Null(row.WrappedKey);
    }

    private ServiceProvider Build(TimeProvider time, bool ensureCreated = true)
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddDataProtection().PersistKeysToFileSystem(_dataProtectionKeys).SetApplicationName("hrplus-subject-tests");
        Database.AddContext(services);
        services.AddHrPlusPrivacy(o => { o.Encryption.PerSubjectKeys = true; o.Encryption.EpochKeyDirectory = Path.Combine(_dataProtectionKeys.FullName, "epoch-keys"); }).UseEntityFrameworkCoreStores<TestDbContext>();
        if (ensureCreated)
        {
            Database.EnsureCreated();
        }

        return services.BuildServiceProvider();
    }
}

public sealed class SqliteSubjectStoreTests : SubjectStoreTests
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
public sealed class PostgresSubjectStoreTests(PostgresFixture postgres) : SubjectStoreTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
