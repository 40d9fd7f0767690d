using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>The sample's shape: values bound to the subject whose id is the row's own primary key.</summary>
public sealed class SubjectIsKeyTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hrplus-subject-key-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task SubjectBoundValues_WhenTheSubjectIdIsTheKey_SaveModifyAndMigrate()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        var database = Path.Combine(_folder.FullName, "learners.db");
        services.AddDbContext<LearnerDbContext>((sp, o) => o.UseSqlite($"Data Source={database}").UseHrPlusPrivacy(sp));
        services.AddHrPlusPrivacy().UseInMemoryFieldKeys();
        await using var provider = services.BuildServiceProvider();
        var id = Guid.NewGuid();
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearnerDbContext>();
            await db.Database.EnsureCreatedAsync();
            db.Learners.Add(new Learner { Id = id, FullName = "Әлихан" });
            await db.SaveChangesAsync();
        }

        // On the merge of the two EF changes this threw "The property 'Learner.Id' is part of a key and so cannot be modified".
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearnerDbContext>();
            (await db.Learners.SingleAsync()).FullName = "Әлихан Бекұлы";
            await db.SaveChangesAsync();
        }

        await provider.GetRequiredService<IFieldKeyRing>().RotateAsync();
        await using (var scope = provider.CreateAsyncScope())
        {
            Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<LearnerDbContext>().MigrateEncryptedDataAsync<Learner>()).ValuesReencrypted);
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            Assert.Equal("Әлихан Бекұлы", (await scope.ServiceProvider.GetRequiredService<LearnerDbContext>().Learners.AsNoTracking().SingleAsync()).FullName);
        }
    }

    public sealed class Learner
    {
        public Guid Id { get; set; }

        public string? FullName { get; set; }
    }

    public sealed class LearnerDbContext(DbContextOptions<LearnerDbContext> options) : DbContext(options)
    {
        public DbSet<Learner> Learners => Set<Learner>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Learner>().Property(l => l.Id).ValueGeneratedNever();
            modelBuilder.Entity<Learner>().Property(l => l.FullName).IsEncrypted(EncryptionBinding.Subject, nameof(Learner.Id));
            modelBuilder.UseHrPlusPrivacy();
        }
    }
}
