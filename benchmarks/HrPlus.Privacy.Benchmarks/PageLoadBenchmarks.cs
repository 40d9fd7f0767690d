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

/// <summary>A pupil whose values are bound to the pupil (the subject), as with <c>PerSubjectKeys</c>.</summary>
public sealed class SubjectPupil
{
    public long Id { get; set; }

    public string SubjectId { get; set; } = string.Empty;

    [Encrypted(Binding = EncryptionBinding.Subject, SubjectProperty = nameof(SubjectId))]
    public string FullName { get; set; } = string.Empty;

    [Encrypted(Binding = EncryptionBinding.Subject, SubjectProperty = nameof(SubjectId))]
    public string Iin { get; set; } = string.Empty;

    [Encrypted(Binding = EncryptionBinding.Subject, SubjectProperty = nameof(SubjectId))]
    public string Phone { get; set; } = string.Empty;

    [Encrypted(Binding = EncryptionBinding.Subject, SubjectProperty = nameof(SubjectId))]
    public string Email { get; set; } = string.Empty;

    public int Grade { get; set; }
}

/// <summary>The same plain pupils, with subject-bound pupils each under a key of their own.</summary>
public sealed class SubjectSchoolDbContext(DbContextOptions<SubjectSchoolDbContext> options) : DbContext(options)
{
    public DbSet<SubjectPupil> Encrypted => Set<SubjectPupil>();

    public DbSet<PlainPupil> Plain => Set<PlainPupil>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SubjectPupil>().Property(p => p.Id).ValueGeneratedNever();
        modelBuilder.Entity<PlainPupil>().Property(p => p.Id).ValueGeneratedNever();
        modelBuilder.UseHrPlusPrivacy();
    }
}

/// <summary>The plain pupils in a context without the SDK: what the page costs an app that does not use it.</summary>
public sealed class WithoutSdkDbContext(DbContextOptions<WithoutSdkDbContext> options) : DbContext(options)
{
    public DbSet<PlainPupil> Plain => Set<PlainPupil>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<PlainPupil>().Property(p => p.Id).ValueGeneratedNever();
}

/// <summary>
/// The school's pupil list as the README's quick start loads it: 1,000 pupils × 4 encrypted string fields through EF
/// Core on SQLite, each in one run against the same 1,000 pupils stored in plaintext in the same context (the
/// baseline), tracked (EF Core's default) and without tracking. Two bindings: by row (the quick start), and by subject
/// with <c>PerSubjectKeys</c> (each pupil's values under a key of the pupil's own). The plain pupils loaded by a context
/// without the SDK are shown beside the baseline: the SDK must not make a page without encrypted values dearer.
/// Budget (DESIGN §8, issue 24): each encrypted load within 1.10× of the plain one.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PageLoadBenchmarks
{
    private const int Pupils = 1_000;
    private DirectoryInfo _folder = null!;
    private ServiceProvider _rowProvider = null!;
    private ServiceProvider _subjectProvider = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("hrplus-page-");
        _rowProvider = Build("row", perSubjectKeys: false);
        _subjectProvider = Build("subject", perSubjectKeys: true);

        using (var scope = _rowProvider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            db.Database.EnsureCreated();
            for (var i = 1; i <= Pupils; i++)
            {
                var (name, iin, phone, email) = Values(i);
                db.Encrypted.Add(new EncryptedPupil { Id = i, FullName = name, Iin = iin, Phone = phone, Email = email, Grade = i % 11 });
                db.Plain.Add(new PlainPupil { Id = i, FullName = name, Iin = iin, Phone = phone, Email = email, Grade = i % 11 });
            }

            db.SaveChanges();
        }

        using (var scope = _subjectProvider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SubjectSchoolDbContext>();
            db.Database.EnsureCreated();
            for (var i = 1; i <= Pupils; i++)
            {
                var (name, iin, phone, email) = Values(i);
                var subject = Guid.CreateVersion7().ToString("D");
                db.Encrypted.Add(new SubjectPupil { Id = i, SubjectId = subject, FullName = name, Iin = iin, Phone = phone, Email = email, Grade = i % 11 });
                db.Plain.Add(new PlainPupil { Id = i, FullName = name, Iin = iin, Phone = phone, Email = email, Grade = i % 11 });
            }

            db.SaveChanges();
        }

        // The IIN is a made-up valid one (check digit by the public algorithm), the same for every pupil.
        static (string, string, string, string) Values(int i) => ($"Оқушы Тестов {i}", "050315500123", "+77011234567", $"pupil{i}@mail.kz");
    }

    private ServiceProvider Build(string name, bool perSubjectKeys)
    {
        var folder = _folder.CreateSubdirectory(name);
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(folder.CreateSubdirectory("dp")).SetApplicationName("hrplus-bench");
        var database = $"Data Source={Path.Combine(folder.FullName, "school.db")}";
        services.AddDbContext<SchoolDbContext>((sp, o) => o.UseSqlite(database).UseHrPlusPrivacy(sp));
        services.AddDbContext<SubjectSchoolDbContext>((sp, o) => o.UseSqlite(database).UseHrPlusPrivacy(sp));
        services.AddDbContext<WithoutSdkDbContext>(o => o.UseSqlite(database));
        services.AddHrPlusPrivacy(o =>
        {
            o.Encryption.KeyDirectory = Path.Combine(folder.FullName, "field-keys");
            o.Encryption.PerSubjectKeys = perSubjectKeys;
            o.Encryption.EpochKeyDirectory = perSubjectKeys ? Path.Combine(folder.FullName, "epoch-keys") : null;
        });
        return services.BuildServiceProvider();
    }

    [Benchmark(Baseline = true, Description = "plaintext columns")]
    [BenchmarkCategory("tracking")]
    public int LoadPlainTracked() => Load(_rowProvider, sp => sp.GetRequiredService<SchoolDbContext>().Plain, tracked: true);

    [Benchmark(Description = "plaintext columns, context without the SDK")]
    [BenchmarkCategory("tracking")]
    public int LoadPlainWithoutSdkTracked() => Load(_rowProvider, sp => sp.GetRequiredService<WithoutSdkDbContext>().Plain, tracked: true);

    [Benchmark(Description = "4 encrypted columns, bound by row")]
    [BenchmarkCategory("tracking")]
    public int LoadEncryptedTracked() => LoadEncrypted(_rowProvider, sp => sp.GetRequiredService<SchoolDbContext>().Encrypted, tracked: true);

    [Benchmark(Description = "4 encrypted columns, bound by subject, PerSubjectKeys")]
    [BenchmarkCategory("tracking")]
    public int LoadSubjectTracked() => LoadEncrypted(_subjectProvider, sp => sp.GetRequiredService<SubjectSchoolDbContext>().Encrypted, tracked: true);

    [Benchmark(Baseline = true, Description = "plaintext columns")]
    [BenchmarkCategory("no-tracking")]
    public int LoadPlainUntracked() => Load(_rowProvider, sp => sp.GetRequiredService<SchoolDbContext>().Plain, tracked: false);

    [Benchmark(Description = "plaintext columns, context without the SDK")]
    [BenchmarkCategory("no-tracking")]
    public int LoadPlainWithoutSdkUntracked() => Load(_rowProvider, sp => sp.GetRequiredService<WithoutSdkDbContext>().Plain, tracked: false);

    [Benchmark(Description = "4 encrypted columns, bound by row")]
    [BenchmarkCategory("no-tracking")]
    public int LoadEncryptedUntracked() => LoadEncrypted(_rowProvider, sp => sp.GetRequiredService<SchoolDbContext>().Encrypted, tracked: false);

    [Benchmark(Description = "4 encrypted columns, bound by subject, PerSubjectKeys")]
    [BenchmarkCategory("no-tracking")]
    public int LoadSubjectUntracked() => LoadEncrypted(_subjectProvider, sp => sp.GetRequiredService<SubjectSchoolDbContext>().Encrypted, tracked: false);

    private static int Load(ServiceProvider provider, Func<IServiceProvider, IQueryable<PlainPupil>> set, bool tracked)
    {
        using var scope = provider.CreateScope();
        var query = set(scope.ServiceProvider);
        var pupils = (tracked ? query : query.AsNoTracking()).ToList();
        return pupils.Count == Pupils ? pupils.Sum(p => p.FullName.Length) : throw new InvalidOperationException();
    }

    private static int LoadEncrypted<T>(ServiceProvider provider, Func<IServiceProvider, IQueryable<T>> set, bool tracked)
        where T : class
    {
        using var scope = provider.CreateScope();
        var query = set(scope.ServiceProvider);
        var pupils = (tracked ? query : query.AsNoTracking()).ToList();
        return pupils.Count == Pupils && pupils[0] switch
        {
            EncryptedPupil p => !FieldCiphertext.IsEncrypted(p.FullName),
            SubjectPupil p => !FieldCiphertext.IsEncrypted(p.FullName),
            _ => false,
        }
            ? pupils.Count
            : throw new InvalidOperationException();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rowProvider.Dispose();
        _subjectProvider.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
