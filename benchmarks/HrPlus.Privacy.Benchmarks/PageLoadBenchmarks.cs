using BenchmarkDotNet.Attributes;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Benchmarks;

public sealed class EncryptedPupil
{
    public long Id { get; set; }

    [Encrypted(Binding = EncryptionBinding.Row)]
    public string FullName { get; set; } = string.Empty;

    [Encrypted(Binding = EncryptionBinding.Row)]
    public string Iin { get; set; } = string.Empty;

    [Encrypted(Binding = EncryptionBinding.Row)]
    public string Phone { get; set; } = string.Empty;

    [Encrypted(Binding = EncryptionBinding.Row)]
    public string Email { get; set; } = string.Empty;

    public int Grade { get; set; }
}

public sealed class PlainPupil
{
    public long Id { get; set; }

    public string FullName { get; set; } = string.Empty;

    public string Iin { get; set; } = string.Empty;

    public string Phone { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public int Grade { get; set; }
}

public sealed class SchoolDbContext(DbContextOptions<SchoolDbContext> options) : DbContext(options)
{
    public DbSet<EncryptedPupil> Encrypted => Set<EncryptedPupil>();

    public DbSet<PlainPupil> Plain => Set<PlainPupil>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<EncryptedPupil>().Property(p => p.Id).ValueGeneratedNever();
        modelBuilder.Entity<PlainPupil>().Property(p => p.Id).ValueGeneratedNever();
        modelBuilder.UseHrPlusPrivacy();
    }
}

/// <summary>
/// Reading a page: 1,000 pupils with 4 encrypted properties bound to their row (the README quick start's binding)
/// through EF Core on SQLite, against the same entities stored in plaintext, in one run: tracked (EF Core's default)
/// and without tracking, each with its own plain baseline. Budget (DESIGN §8): each encrypted load within 1.10× of the
/// plain one.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PageLoadBenchmarks
{
    private const int Pupils = 1_000;
    private DirectoryInfo _folder = null!;
    private ServiceProvider _provider = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("hrplus-page-");
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_folder.CreateSubdirectory("dp")).SetApplicationName("hrplus-bench");
        var database = Path.Combine(_folder.FullName, "school.db");
        services.AddDbContext<SchoolDbContext>((sp, o) => o.UseSqlite($"Data Source={database}").UseHrPlusPrivacy(sp));
        services.AddHrPlusPrivacy(o => o.Encryption.KeyDirectory = Path.Combine(_folder.FullName, "field-keys"));
        _provider = services.BuildServiceProvider();
        using var scope = _provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
        db.Database.EnsureCreated();
        for (var i = 1; i <= Pupils; i++)
        {
            var (name, iin, phone, email) = ($"Оқушы Тестов {i}", "050315500123", "+77011234567", $"pupil{i}@mail.kz");
            db.Encrypted.Add(new EncryptedPupil { Id = i, FullName = name, Iin = iin, Phone = phone, Email = email, Grade = i % 11 });
            db.Plain.Add(new PlainPupil { Id = i, FullName = name, Iin = iin, Phone = phone, Email = email, Grade = i % 11 });
        }

        db.SaveChanges();
    }

    [Benchmark(Baseline = true, Description = "plaintext columns")]
    [BenchmarkCategory("tracking")]
    public int LoadPlainTracked() => LoadPlain(tracked: true);

    [Benchmark(Description = "4 encrypted columns, bound by row")]
    [BenchmarkCategory("tracking")]
    public int LoadEncryptedTracked() => LoadEncrypted(tracked: true);

    [Benchmark(Baseline = true, Description = "plaintext columns")]
    [BenchmarkCategory("no-tracking")]
    public int LoadPlainUntracked() => LoadPlain(tracked: false);

    [Benchmark(Description = "4 encrypted columns, bound by row")]
    [BenchmarkCategory("no-tracking")]
    public int LoadEncryptedUntracked() => LoadEncrypted(tracked: false);

    private int LoadPlain(bool tracked)
    {
        using var scope = _provider.CreateScope();
        var set = scope.ServiceProvider.GetRequiredService<SchoolDbContext>().Plain;
        var pupils = (tracked ? set : set.AsNoTracking()).ToList();
        return pupils.Count == Pupils ? pupils.Sum(p => p.FullName.Length) : throw new InvalidOperationException();
    }

    private int LoadEncrypted(bool tracked)
    {
        using var scope = _provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
        var pupils = (tracked ? db.Encrypted : db.Encrypted.AsNoTracking()).ToList();
        return pupils.Count == Pupils && !FieldCiphertext.IsEncrypted(pupils[0].FullName)
            ? pupils.Sum(p => p.FullName.Length)
            : throw new InvalidOperationException();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
