using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Benchmarks;

public sealed class Note
{
    public long Id { get; set; }

    [Encrypted]
    public string? Text { get; set; }
}

public sealed class NotesDbContext(DbContextOptions<NotesDbContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Note>().Property(n => n.Id).ValueGeneratedNever();
        modelBuilder.UseHrPlusPrivacy();
    }
}

/// <summary>
/// Re-encryption after a key rotation through EF Core on SQLite: each operation rotates the key and moves
/// <see cref="Rows"/> encrypted values (a 64-byte full name each) to the new key in batches of 1,000.
/// Rows per second = <see cref="Rows"/> / mean. Budget: 1,000,000 fields in 60 s or less.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 2)]
public class ReencryptionBenchmarks
{
    [Params(1_000_000)]
    public int Rows { get; set; }
    private DirectoryInfo _folder = null!;
    private ServiceProvider _provider = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("hrplus-reencrypt-");
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_folder.CreateSubdirectory("dp")).SetApplicationName("hrplus-bench");
        var database = Path.Combine(_folder.FullName, "notes.db");
        services.AddDbContext<NotesDbContext>((sp, o) => o.UseSqlite($"Data Source={database}").UseHrPlusPrivacy(sp));
        services.AddHrPlusPrivacy().UseEntityFrameworkCoreStores<NotesDbContext>();
        _provider = services.BuildServiceProvider();
        using var scope = _provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<NotesDbContext>();
        db.Database.EnsureCreated();
        db.Database.ExecuteSql($"PRAGMA journal_mode=WAL");
        // Rows go in through one prepared statement in one transaction, each value encrypted as the interceptor would
        // (binding None: entity and field only), so setting up a million rows takes seconds, not the run's budget.
        var encryptor = _provider.GetRequiredService<IFieldEncryptor>();
        var context = FieldContext.For(nameof(Note), nameof(Note.Text));
        var text = new string('ә', 32);

        // The ring makes its first key (a write through its own connection) before this connection takes the write lock.
        _provider.GetRequiredService<IFieldKeyRing>().RotateAsync().GetAwaiter().GetResult();
        _ = encryptor.Encrypt(text, context);
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        connection.Open();
        using (var transaction = connection.BeginTransaction())
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO Notes (Id, Text) VALUES ($id, $text)";
            var id = insert.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Integer);
            var value = insert.Parameters.Add("$text", Microsoft.Data.Sqlite.SqliteType.Text);
            insert.Prepare();
            for (var i = 1; i <= Rows; i++)
            {
                id.Value = i;
                value.Value = encryptor.Encrypt(text, context);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    [IterationSetup]
    public void Rotate() => _provider.GetRequiredService<IFieldKeyRing>().RotateAsync().GetAwaiter().GetResult();

    [Benchmark(Description = "re-encrypt every field after a rotation (SQLite)")]
    public long Reencrypt()
    {
        using var scope = _provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<NotesDbContext>();
        var result = db.MigrateEncryptedDataAsync<Note>(1000).GetAwaiter().GetResult();
        return result.ValuesReencrypted == Rows ? result.ValuesReencrypted : throw new InvalidOperationException($"Re-encrypted {result.ValuesReencrypted} of {Rows}.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
