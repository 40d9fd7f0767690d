using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

public sealed class LegacyPupil
{
    public long Id { get; set; }

    [Encrypted]
    public string? FullName { get; set; }
}

public sealed class LegacyDocument
{
    public long Id { get; set; }

    [Encrypted(Binding = EncryptionBinding.Row)]
    public byte[]? Scan { get; set; }
}

public sealed class LegacyDbContext(DbContextOptions<LegacyDbContext> options) : DbContext(options)
{
    public DbSet<LegacyPupil> Pupils => Set<LegacyPupil>();

    public DbSet<LegacyDocument> Documents => Set<LegacyDocument>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LegacyPupil>().Property(p => p.Id).ValueGeneratedNever();
        modelBuilder.Entity<LegacyDocument>().Property(p => p.Id).ValueGeneratedNever();
        modelBuilder.UseHrPlusPrivacy();
    }
}

/// <summary>Encrypting a table that was written in plaintext, and moving it to a new key after a rotation.</summary>
public abstract class EncryptedDataMigrationTests : IDisposable
{
    private const int Rows = 100_000;
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("hrplus-dp-");
    private ServiceProvider? _provider;

    protected abstract DatabaseProvider Database { get; }

    public virtual void Dispose()
    {
        _provider?.Dispose();
        _keys.Delete(recursive: true);
    }

    [SkippableFact]
    public async Task Migrate_StoppedHalfwayAndRestarted_EncryptsEveryRowOnce_ThenReencryptsAfterRotation()
    {
        var provider = Provider;
        await SeedPlaintextAsync(provider);

        // First run, cancelled after 50 batches of 1,000 rows.
        using var stop = new CancellationTokenSource();
        var reports = 0;
        var progress = new SynchronousProgress(p =>
        {
            reports++;
            if (p.RowsUpdated >= Rows / 2)
            {
                stop.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(provider, progress, stop.Token));
        Assert.Equal(Rows / 2 / 1000, reports);
        Assert.Equal(Rows / 2, await CountRawAsync(provider, v => !v.StartsWith("hp1.", StringComparison.Ordinal)));

        // Second run finishes the other half and touches nothing twice.
        var second = await RunAsync(provider, null, CancellationToken.None);
        Assert.Equal(new EncryptionMigrationProgress("LegacyPupil", Rows / 2, Rows / 2, 0, 0), second);
        Assert.Equal(0, await CountRawAsync(provider, v => !v.StartsWith("hp1.", StringComparison.Ordinal)));
        await AssertEveryRowDecryptsToItsPlaintextAsync(provider);

        // A third run has nothing to do.
        Assert.Equal(new EncryptionMigrationProgress("LegacyPupil", 0, 0, 0, 0), await RunAsync(provider, null, CancellationToken.None));

        // After a rotation every value moves to the new key; 0 rows remain under the retired one.
        var ring = provider.GetRequiredService<IFieldKeyRing>();
        var retired = ring.CurrentKey.Id;
        var current = (await ring.RotateAsync()).Id;
        var third = await RunAsync(provider, null, CancellationToken.None);
        Assert.Equal(new EncryptionMigrationProgress("LegacyPupil", Rows, 0, Rows, 0), third);
        Assert.Equal(0, await CountRawAsync(provider, v => KeyOf(v) == retired));
        Assert.Equal(Rows, await CountRawAsync(provider, v => KeyOf(v) == current));
        await AssertEveryRowDecryptsToItsPlaintextAsync(provider);
    }

    [SkippableFact]
    public async Task Migrate_RowThatCannotBeDecrypted_IsCountedAndSkipped()
    {
        var provider = Provider;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LegacyDbContext>();
            db.Pupils.AddRange(new LegacyPupil { Id = 1, FullName = "Бірінші" }, new LegacyPupil { Id = 2, FullName = "Екінші" });
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlAsync($"INSERT INTO \"Pupils\" (\"Id\", \"FullName\") VALUES (3, 'Үшінші')");
            // Row 2 gets row 1's ciphertext under an unknown key id: it cannot be decrypted.
            await db.Database.ExecuteSqlAsync($"UPDATE \"Pupils\" SET \"FullName\" = 'hp1.AQAAAAEAAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJ' WHERE \"Id\" = 2");
        }

        var ring = provider.GetRequiredService<IFieldKeyRing>();
        await ring.RotateAsync();
        var result = await RunAsync(provider, null, CancellationToken.None);

        Assert.Equal(new EncryptionMigrationProgress("LegacyPupil", 2, 1, 1, 1), result);
    }

    [SkippableFact]
    public async Task Migrate_BinaryColumn_EncryptsPlaintext_ReencryptsAfterRotation_AndReportsLookalikes()
    {
        var provider = Provider;
        byte[] lookalike = [FieldCiphertext.Version, .. Enumerable.Range(0, 39).Select(i => (byte)i)];
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LegacyDbContext>();
            await db.Database.ExecuteSqlAsync($"INSERT INTO \"Documents\" (\"Id\", \"Scan\") VALUES (1, {new byte[] { 0x10, 0x20, 0x30 }})");
            await db.Database.ExecuteSqlAsync($"INSERT INTO \"Documents\" (\"Id\", \"Scan\") VALUES (2, {lookalike})");
            await db.Database.ExecuteSqlAsync($"INSERT INTO \"Documents\" (\"Id\", \"Scan\") VALUES (3, NULL)");
            db.Documents.Add(new LegacyDocument { Id = 4, Scan = [5, 6, 7] });
            await db.SaveChangesAsync();
        }

        var first = await RunAsync<LegacyDocument>(provider);
        var ring = provider.GetRequiredService<IFieldKeyRing>();
        var retired = ring.CurrentKey.Id;
        var current = (await ring.RotateAsync()).Id;
        var second = await RunAsync<LegacyDocument>(provider);
        var third = await RunAsync<LegacyDocument>(provider);

        Assert.Equal(new EncryptionMigrationProgress("LegacyDocument", 1, 1, 0, 1), first);
        Assert.Equal(new EncryptionMigrationProgress("LegacyDocument", 2, 0, 2, 1), second);
        Assert.Equal(new EncryptionMigrationProgress("LegacyDocument", 0, 0, 0, 1), third);
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LegacyDbContext>();
            var raw = await db.Database.SqlQuery<byte[]>($"SELECT \"Scan\" AS \"Value\" FROM \"Documents\" WHERE \"Id\" IN (1, 4) ORDER BY \"Id\"").ToListAsync();
            Assert.All(raw, r =>
            {
                Assert.Equal(FieldCiphertext.Overhead + 3, r.Length);
                Assert.True(FieldCiphertext.TryGetKeyId(r, out var keyId));
                Assert.Equal(current, keyId);
                Assert.NotEqual(retired, keyId);
            });
            Assert.Equal(lookalike, await db.Database.SqlQuery<byte[]>($"SELECT \"Scan\" AS \"Value\" FROM \"Documents\" WHERE \"Id\" = 2").SingleAsync());
            var loaded = await db.Documents.Where(d => d.Id == 1 || d.Id == 4).OrderBy(d => d.Id).ToListAsync();
            Assert.Equal([0x10, 0x20, 0x30], loaded[0].Scan);
            Assert.Equal([5, 6, 7], loaded[1].Scan);
            Assert.Null((await db.Documents.SingleAsync(d => d.Id == 3)).Scan);
        }
    }

    private static async Task<EncryptionMigrationProgress> RunAsync<TEntity>(ServiceProvider provider)
        where TEntity : class
    {
        await using var scope = provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LegacyDbContext>().MigrateEncryptedDataAsync<TEntity>(batchSize: 2);
    }

    private ServiceProvider Provider => _provider ??= Build();

    private ServiceProvider Build()
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_keys).SetApplicationName("hrplus-ef-tests");
        services.AddDbContext<LegacyDbContext>((sp, o) => Database.Configure(o.UseHrPlusPrivacy(sp)));
        services.AddHrPlusPrivacy().UseEntityFrameworkCoreStores<LegacyDbContext>();
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<LegacyDbContext>().Database.EnsureCreated();
        return provider;
    }

    private static string PlaintextOf(long id) => $"Оқушы {id:D6}";

    private static uint KeyOf(string value) => FieldCiphertext.TryGetKeyId(value, out var id) ? id : 0;

    private static async Task SeedPlaintextAsync(ServiceProvider provider)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LegacyDbContext>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO \"Pupils\" (\"Id\", \"FullName\") VALUES (@id, @name)";
        var id = command.CreateParameter();
        id.ParameterName = "@id";
        var name = command.CreateParameter();
        name.ParameterName = "@name";
        command.Parameters.Add(id);
        command.Parameters.Add(name);
        for (long i = 1; i <= Rows; i++)
        {
            id.Value = i;
            name.Value = PlaintextOf(i);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static async Task<EncryptionMigrationProgress> RunAsync(ServiceProvider provider, IProgress<EncryptionMigrationProgress>? progress, CancellationToken cancellationToken)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LegacyDbContext>();
        return await db.MigrateEncryptedDataAsync<LegacyPupil>(1000, progress, cancellationToken);
    }

    private static async Task<int> CountRawAsync(ServiceProvider provider, Func<string, bool> predicate)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LegacyDbContext>();
        var values = await db.Database.SqlQueryRaw<string>("SELECT \"FullName\" AS \"Value\" FROM \"Pupils\"").ToListAsync();
        Assert.Equal(Rows, values.Count);
        return values.Count(predicate);
    }

    private static async Task AssertEveryRowDecryptsToItsPlaintextAsync(ServiceProvider provider)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LegacyDbContext>();
        var wrong = 0;
        await foreach (var pupil in db.Pupils.AsNoTracking().AsAsyncEnumerable())
        {
            if (pupil.FullName != PlaintextOf(pupil.Id))
            {
                wrong++;
            }
        }

        Assert.Equal(0, wrong);
    }

    private sealed class SynchronousProgress(Action<EncryptionMigrationProgress> report) : IProgress<EncryptionMigrationProgress>
    {
        public void Report(EncryptionMigrationProgress value) => report(value);
    }
}

public sealed class SqliteEncryptedDataMigrationTests : EncryptedDataMigrationTests
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresEncryptedDataMigrationTests(PostgresFixture postgres) : EncryptedDataMigrationTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
