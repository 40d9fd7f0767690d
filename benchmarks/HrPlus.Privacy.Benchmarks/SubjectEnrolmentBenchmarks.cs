using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Benchmarks;

/// <summary>
/// Enrolling new subjects with per-subject keys (crypto-shredding): each subject's first encryption makes, wraps and
/// stores a key of its own in the EF Core key store on SQLite. Linear means the 50,000 row costs five times the 10,000 row.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
public class SubjectEnrolmentBenchmarks
{
    private static readonly FieldContext Name = FieldContext.For("Pupil", "FullName");
    private static readonly FieldContext Iin = FieldContext.For("Pupil", "Iin");
    private DirectoryInfo _folder = null!;
    private ServiceProvider _provider = null!;
    private IFieldEncryptor _encryptor = null!;

    [Params(10_000, 50_000)]
    public int Subjects { get; set; }

    [IterationSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("hrplus-enrol-");
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_folder.CreateSubdirectory("dp")).SetApplicationName("hrplus-bench");
        var database = Path.Combine(_folder.FullName, "keys.db");
        services.AddDbContext<NotesDbContext>(o => o.UseSqlite($"Data Source={database}"));
        services.AddHrPlusPrivacy(o => { o.Encryption.PerSubjectKeys = true; o.Encryption.EpochKeyDirectory = Path.Combine(_folder.FullName, "epoch-keys"); }).UseEntityFrameworkCoreStores<NotesDbContext>();
        _provider = services.BuildServiceProvider();
        using (var scope = _provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotesDbContext>();
            db.Database.EnsureCreated();
            db.Database.ExecuteSql($"PRAGMA journal_mode=WAL");
        }

        _encryptor = _provider.GetRequiredService<IFieldEncryptor>();
        _ = _provider.GetRequiredService<IFieldKeyRing>().CurrentKey;
    }

    [Benchmark(Description = "enrol subjects, 2 fields each (EF Core key store, SQLite)")]
    public int Enrol()
    {
        var made = 0;
        for (var i = 0; i < Subjects; i++)
        {
            var subject = "pupil-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            made += _encryptor.Encrypt("Әлихан Бекұлы", Name.WithSubject(subject)).Length > 0 ? 1 : 0;
            _ = _encryptor.Encrypt("050315500123", Iin.WithSubject(subject));
        }

        return made;
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
