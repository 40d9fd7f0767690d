using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Subjects;

public sealed class Learner
{
    public Guid Id { get; set; }

    public string SubjectId { get; set; } = string.Empty;

    [Encrypted(Binding = EncryptionBinding.Subject, SubjectProperty = nameof(SubjectId))]
    public string FullName { get; set; } = string.Empty;

    public string? Iin { get; set; }
}

public sealed class LearnerDbContext(DbContextOptions<LearnerDbContext> options) : DbContext(options)
{
    public DbSet<Learner> Learners => Set<Learner>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseHrPlusPrivacy();
        modelBuilder.Entity<Learner>().Property(l => l.Iin).IsEncrypted(EncryptionBinding.Subject, nameof(Learner.SubjectId));
    }
}

/// <summary>The host's learners table as a personal-data source: erasure deletes the subject's rows.</summary>
public sealed class LearnerSource(LearnerDbContext db) : IPersonalDataSource
{
    public string Name => "learners";

    public async ValueTask<IReadOnlyList<PersonalDataRecord>> ExportAsync(string subjectId, CancellationToken cancellationToken) =>
        [.. (await db.Learners.AsNoTracking().Where(l => l.SubjectId == subjectId).ToListAsync(cancellationToken))
            .Select(l => new PersonalDataRecord("learner", l.Id.ToString("D"), [new("full_name", l.FullName), new("iin", l.Iin)]))];

    public async ValueTask<int> EraseAsync(string subjectId, CancellationToken cancellationToken) =>
        await db.Learners.Where(l => l.SubjectId == subjectId).ExecuteDeleteAsync(cancellationToken);
}

/// <summary>Crypto-shredding on a real SQLite file: a copy of the database taken before erasure stays unreadable for that subject.</summary>
public sealed class ErasureBackupTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hrplus-erasure-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Erase_ADatabaseCopyTakenBefore_NoLongerDecryptsThatSubject_OthersStillDo()
    {
        var live = Path.Combine(_folder.FullName, "school.db");
        var backup = Path.Combine(_folder.FullName, "school-backup.db");
        var learners = new[]
        {
            new Learner { Id = Guid.NewGuid(), SubjectId = "learner-1", FullName = "Әлихан Бекұлы", Iin = "100412500013" },
            new Learner { Id = Guid.NewGuid(), SubjectId = "learner-2", FullName = "Алина Иванова", Iin = "100412500400" },
            new Learner { Id = Guid.NewGuid(), SubjectId = "learner-3", FullName = "Dana Smagulova", Iin = null },
        };
        await using (var app = Build(live))
        {
            await using var scope = app.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LearnerDbContext>();
            await db.Database.EnsureCreatedAsync();
            db.Learners.AddRange(learners);
            await db.SaveChangesAsync();
        }

        File.Copy(live, backup);

        await using (var app = Build(live))
        {
            var result = await app.GetRequiredService<ISubjectErasure>().EraseAsync(new ErasureRequest { SubjectId = "learner-2", ErasedBy = "operator-1", Reason = "parent's request 2026-17" });

            Assert.Equal(1, result.KeysDestroyed);
            Assert.Equal(1, result.RecordsDeleted["learners"]);
            var entry = Assert.Single(await app.GetRequiredService<IAuditTrail>().GetBySubjectAsync("learner-2"));
            Assert.Equal(AuditOperation.Destroy, entry.Operation);
            Assert.Equal("parent's request 2026-17", entry.Purpose);
            Assert.True((await app.GetRequiredService<IAuditTrail>().VerifyAsync()).IsIntact);
            await using var scope = app.CreateAsyncScope();
            Assert.Equal(["learner-1", "learner-3"], await scope.ServiceProvider.GetRequiredService<LearnerDbContext>().Learners.OrderBy(l => l.SubjectId).Select(l => l.SubjectId).ToListAsync());
        }

        // The backup restored: its rows and its own copy of the SDK's tables, the live key folder and DataProtection ring.
        await using (var restored = Build(backup))
        {
            await using var scope = restored.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LearnerDbContext>();
            var one = await db.Learners.SingleAsync(l => l.SubjectId == "learner-1");
            var three = await db.Learners.SingleAsync(l => l.SubjectId == "learner-3");
            Assert.Equal(("Әлихан Бекұлы", "100412500013"), (one.FullName, one.Iin));
            Assert.Equal(("Dana Smagulova", (string?)null), (three.FullName, three.Iin));

            var error = await Assert.ThrowsAsync<FieldDecryptionException>(() => db.Learners.SingleAsync(l => l.SubjectId == "learner-2"));
            Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, error.Reason);
            Assert.DoesNotContain("Алина", error.Message, StringComparison.Ordinal);
        }
    }

    private ServiceProvider Build(string database)
    {
        var services = new ServiceCollection();
        services.AddDataProtection()
            .PersistKeysToFileSystem(_folder.CreateSubdirectory("dp-keys"))
            .SetApplicationName("hrplus-erasure-tests");
        services.AddDbContext<LearnerDbContext>((sp, o) => o.UseSqlite($"Data Source={database};Pooling=False").UseHrPlusPrivacy(sp));
        services.AddScoped<IPersonalDataSource, LearnerSource>();

        // Field keys live beside DataProtection's ring, out of the database and its backups.
        services.AddHrPlusPrivacy(o => { o.Encryption.PerSubjectKeys = true; o.Encryption.EpochKeyDirectory = Path.Combine(_folder.FullName, "epoch-keys"); })
            .UseEntityFrameworkCoreStores<LearnerDbContext>()
            .PersistFieldKeysToFileSystem(_folder.CreateSubdirectory("field-keys"));
        return services.BuildServiceProvider();
    }
}
