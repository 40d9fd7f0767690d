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
/// Rows per second = <see cref="Rows"/> / mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ReencryptionBenchmarks
{
    public const int Rows = 100_000;
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
        var text = new string('ә', 32);
        for (var start = 1; start <= Rows; start += 5000)
        {
            db.Notes.AddRange(Enumerable.Range(start, 5000).Select(i => new Note { Id = i, Text = text }));
            db.SaveChanges();
            db.ChangeTracker.Clear();
        }
    }

    [IterationSetup]
    public void Rotate() => _provider.GetRequiredService<IFieldKeyRing>().RotateAsync().GetAwaiter().GetResult();

    [Benchmark(Description = "re-encrypt 100,000 fields (SQLite)")]
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
