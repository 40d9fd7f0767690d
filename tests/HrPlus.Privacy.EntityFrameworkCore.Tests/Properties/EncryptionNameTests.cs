using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties
{
    /// <summary>Issue 12, point 5: what an encrypted value is bound to — composite row keys and entity names.</summary>
    public sealed class EncryptionNameTests : IDisposable
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hrplus-names-");

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            _folder.Delete(recursive: true);
        }

        [Fact]
        public async Task CompositeRowKeys_ThatJoinedTheSameWayWithABar_BindDifferently()
        {
            using var provider = Build<EnrolmentDbContext>();
            await WithAsync<EnrolmentDbContext>(provider, async db =>
            {
                db.Enrolments.Add(new Enrolment { School = "a|b", Pupil = "c", Note = "first" });
                db.Enrolments.Add(new Enrolment { School = "a", Pupil = "b|c", Note = "second" });
                await db.SaveChangesAsync();
            });

            // Copy the first row's ciphertext into the second row: on main both rows bound "a|b|c" and it decrypted there.
            await WithAsync<EnrolmentDbContext>(provider, db => db.Database.ExecuteSqlAsync(
                $"UPDATE Enrolments SET Note = (SELECT Note FROM Enrolments WHERE School = {"a|b"}) WHERE School = {"a"}"));

            await WithAsync<EnrolmentDbContext>(provider, async db =>
            {
                Assert.Equal("first", (await db.Enrolments.AsNoTracking().SingleAsync(e => e.School == "a|b")).Note);
                var ex = await Assert.ThrowsAsync<FieldDecryptionException>(() => db.Enrolments.AsNoTracking().SingleAsync(e => e.School == "a"));
                Assert.Equal(FieldDecryptionFailureReason.Tampered, ex.Reason);
            });
        }

        [Fact]
        public async Task CompositeRowKeys_ValuesBoundTheOldWay_StillLoad()
        {
            using var provider = Build<EnrolmentDbContext>();
            var legacy = provider.GetRequiredService<IFieldEncryptor>().Encrypt("written by 0.1", FieldContext.For("Enrolment", "Note").WithRow("x|y"));
            await WithAsync<EnrolmentDbContext>(provider, db => db.Database.ExecuteSqlAsync(
                $"INSERT INTO Enrolments (School, Pupil, Note) VALUES ({"x"}, {"y"}, {legacy})"));

            await WithAsync<EnrolmentDbContext>(provider, async db =>
                Assert.Equal("written by 0.1", (await db.Enrolments.AsNoTracking().SingleAsync()).Note));
        }

        [Fact]
        public void TwoEntityTypesWithOneShortName_AreRefusedAtStartUp_NamingBothAndTheFix()
        {
            using var provider = Build<ClashingDbContext>();
            using var scope = provider.CreateScope();

            // On main the two types bound "Pupil" both and read each other's values.
            var ex = Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<ClashingDbContext>().Model);
            Assert.Contains("Names.School.Pupil", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Names.Kindergarten.Pupil", ex.Message, StringComparison.Ordinal);
            Assert.Contains("EncryptionName", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task PinnedNames_KeepTypesApart_AndSurviveARename()
        {
            using var provider = Build<PinnedDbContext>();
            var encryptor = provider.GetRequiredService<IFieldEncryptor>();

            // A value stored when the class was still called "Pupil" loads through the renamed class pinned to that name.
            var old = encryptor.Encrypt("Әлихан", FieldContext.For("Pupil", "FullName"));
            await WithAsync<PinnedDbContext>(provider, db => db.Database.ExecuteSqlAsync($"INSERT INTO Learners (Id, FullName) VALUES ({1}, {old})"));
            await WithAsync<PinnedDbContext>(provider, async db =>
            {
                Assert.Equal("Әлихан", (await db.Learners.AsNoTracking().SingleAsync()).FullName);
                db.Children.Add(new Names.Kindergarten.Pupil { Id = 1, FullName = "Алина" });
                await db.SaveChangesAsync();
            });

            // The fluent name binds too: a learner's ciphertext copied into the children's table does not decrypt there.
            await WithAsync<PinnedDbContext>(provider, db => db.Database.ExecuteSqlAsync($"UPDATE Children SET FullName = (SELECT FullName FROM Learners)"));
            await WithAsync<PinnedDbContext>(provider, async db =>
            {
                var ex = await Assert.ThrowsAsync<FieldDecryptionException>(() => db.Children.AsNoTracking().SingleAsync());
                Assert.Equal(FieldDecryptionFailureReason.Tampered, ex.Reason);
            });
        }

        private static async Task WithAsync<TContext>(IServiceProvider provider, Func<TContext, Task> action)
            where TContext : DbContext
        {
            await using var scope = provider.CreateAsyncScope();
            await action(scope.ServiceProvider.GetRequiredService<TContext>());
        }

        private ServiceProvider Build<TContext>()
            where TContext : DbContext
        {
            var services = new ServiceCollection();
            services.AddDataProtection().UseEphemeralDataProtectionProvider();
            var database = Path.Combine(_folder.FullName, typeof(TContext).Name + ".db");
            services.AddDbContext<TContext>((sp, o) => o.UseSqlite($"Data Source={database}").UseHrPlusPrivacy(sp));
            services.AddHrPlusPrivacy().UseInMemoryFieldKeys();
            var provider = services.BuildServiceProvider();
            if (typeof(TContext) != typeof(ClashingDbContext))
            {
                using var scope = provider.CreateScope();
                scope.ServiceProvider.GetRequiredService<TContext>().Database.EnsureCreated();
            }

            return provider;
        }
    }

    public sealed class Enrolment
    {
        public string School { get; set; } = string.Empty;

        public string Pupil { get; set; } = string.Empty;

        [Encrypted(Binding = EncryptionBinding.Row)]
        public string? Note { get; set; }
    }

    public sealed class EnrolmentDbContext(DbContextOptions<EnrolmentDbContext> options) : DbContext(options)
    {
        public DbSet<Enrolment> Enrolments => Set<Enrolment>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Enrolment>().HasKey(e => new { e.School, e.Pupil });
            modelBuilder.UseHrPlusPrivacy();
        }
    }

    public sealed class ClashingDbContext(DbContextOptions<ClashingDbContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Names.School.Pupil>().ToTable("SchoolPupils");
            modelBuilder.Entity<Names.Kindergarten.Pupil>().ToTable("KindergartenPupils");
            modelBuilder.UseHrPlusPrivacy();
        }
    }

    public sealed class PinnedDbContext(DbContextOptions<PinnedDbContext> options) : DbContext(options)
    {
        public DbSet<Names.School.Learner> Learners => Set<Names.School.Learner>();

        public DbSet<Names.Kindergarten.Pupil> Children => Set<Names.Kindergarten.Pupil>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Names.School.Learner>().ToTable("Learners").Property(p => p.Id).ValueGeneratedNever();
            modelBuilder.Entity<Names.Kindergarten.Pupil>().ToTable("Children").HasEncryptionName("KindergartenPupil").Property(p => p.Id).ValueGeneratedNever();
            modelBuilder.UseHrPlusPrivacy();
        }
    }
}

namespace Names.School
{
    public sealed class Pupil
    {
        public int Id { get; set; }

        [HrPlus.Privacy.Encryption.Encrypted]
        public string? FullName { get; set; }
    }

    /// <summary>The class once called Pupil: its stored values stay bound to that name.</summary>
    [HrPlus.Privacy.Encryption.EncryptionName("Pupil")]
    public sealed class Learner
    {
        public int Id { get; set; }

        [HrPlus.Privacy.Encryption.Encrypted]
        public string? FullName { get; set; }
    }
}

namespace Names.Kindergarten
{
    public sealed class Pupil
    {
        public int Id { get; set; }

        [HrPlus.Privacy.Encryption.Encrypted]
        public string? FullName { get; set; }
    }
}
