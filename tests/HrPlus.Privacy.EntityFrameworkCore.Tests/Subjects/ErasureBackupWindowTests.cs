using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Subjects;

/// <summary>
/// Crypto-shredding with the field keys in the database itself (the EF key store): subject keys are wrapped under epoch
/// keys kept in a folder outside the database, so a restored pre-erasure backup stops decrypting the erased subject once
/// the epoch key of the erasure's time is destroyed, and decrypts it until then (the window <c>EraseAsync</c> states).
/// </summary>
public sealed class ErasureBackupWindowTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 6, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hrplus-backup-window-");
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task RestoredBackup_AfterEpochPlusRetention_ErasedSubjectIsKeyDestroyed_LiveOthersStillDecrypt()
    {
        var (live, backup) = await SeedAndCopyAsync();

        await using (var app = Build(live))
        {
            _time.Advance(TimeSpan.FromHours(1));
            var result = await app.GetRequiredService<ISubjectErasure>().EraseAsync(new ErasureRequest { SubjectId = "learner-2", ErasedBy = "operator-1", Reason = "parent's request 2026-17" });

            // The epoch of the erasure began at the first encryption and lasts a day; its key is kept 30 days after it ends.
            Assert.Equal(1, result.KeysDestroyed);
            Assert.Equal(Start.AddDays(1) + TimeSpan.FromDays(30), result.BackupsUnreadableAfter);

            await RunDaysAsync(app, 32);
        }

        // The live database moved on from epoch to epoch: everyone but the erased subject decrypts on a fresh instance.
        await using (var fresh = Build(live))
        {
            await using var scope = fresh.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LearnerDbContext>();
            Assert.Equal(
                [("learner-1", "Әлихан Бекұлы", "100412500013"), ("learner-3", "Dana Smagulova", (string?)null)],
                (await db.Learners.OrderBy(l => l.SubjectId).ToListAsync()).Select(l => (l.SubjectId, l.FullName, l.Iin)));
        }

        // The pre-erasure copy restored, with the current epoch-key folder and DataProtection ring: its copy of the erased
        // subject's key is wrapped under a destroyed epoch key. A backup older than the retention restores no subject key
        // of its time, so the other subjects' copies there are gone too (documented: keep backups at most BackupRetention).
        await using (var restored = Build(backup))
        {
            await using var scope = restored.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LearnerDbContext>();
            var error = await Assert.ThrowsAsync<FieldDecryptionException>(() => db.Learners.SingleAsync(l => l.SubjectId == "learner-2"));
            Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, error.Reason);
            Assert.DoesNotContain("Алина", error.Message, StringComparison.Ordinal);
            Assert.Equal(
                FieldDecryptionFailureReason.KeyDestroyed,
                (await Assert.ThrowsAsync<FieldDecryptionException>(() => db.Learners.SingleAsync(l => l.SubjectId == "learner-1"))).Reason);

            // The restored ring records the shredded keys as destroyed in the restored database too.
            var keys = await restored.GetRequiredService<IFieldKeyStore>().GetAllAsync(CancellationToken.None);
            Assert.All(keys.Where(k => k.Purpose == FieldKeyPurpose.SubjectEncryption), k => Assert.Equal((FieldKeyState.Destroyed, (byte[]?)null), (k.State, k.WrappedKey)));
        }
    }

    [Fact]
    public async Task RestoredBackup_WithinTheWindow_StillDecryptsTheErasedSubject()
    {
        var (live, backup) = await SeedAndCopyAsync();

        await using (var app = Build(live))
        {
            _time.Advance(TimeSpan.FromHours(1));
            var result = await app.GetRequiredService<ISubjectErasure>().EraseAsync(new ErasureRequest { SubjectId = "learner-2", ErasedBy = "operator-1", Reason = "parent's request 2026-17" });
            Assert.Equal(Start.AddDays(31), result.BackupsUnreadableAfter);

            // Two epochs later, one minute before the stated moment: the epoch key of the erasure's time is retired, not destroyed.
            await RunDaysAsync(app, 30);
            _time.Advance(TimeSpan.FromHours(22) + TimeSpan.FromMinutes(59));
            await app.GetRequiredService<IFieldKeyRing>().RefreshAsync();
            Assert.True(_time.GetUtcNow() < result.BackupsUnreadableAfter);
        }

        await using (var restored = Build(backup))
        {
            await using var scope = restored.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LearnerDbContext>();
            Assert.Equal(
                [("learner-1", "Әлихан Бекұлы"), ("learner-2", "Алина Иванова"), ("learner-3", "Dana Smagulova")],
                (await db.Learners.OrderBy(l => l.SubjectId).ToListAsync()).Select(l => (l.SubjectId, l.FullName)));
        }
    }

    [Fact]
    public async Task EraseAsync_WithoutPerSubjectKeys_StatesNoBackupWindow()
    {
        var live = Path.Combine(_folder.FullName, "plain.db");
        await using var app = Build(live, perSubjectKeys: false);
        await using (var scope = app.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearnerDbContext>();
            await db.Database.EnsureCreatedAsync();
            db.Learners.Add(new Learner { Id = Guid.NewGuid(), SubjectId = "learner-9", FullName = "Ерлан Сейітов" });
            await db.SaveChangesAsync();
        }

        var result = await app.GetRequiredService<ISubjectErasure>().EraseAsync(new ErasureRequest { SubjectId = "learner-9", ErasedBy = "operator-1", Reason = "request 2026-18" });

        Assert.Equal((0, (DateTimeOffset?)null), (result.KeysDestroyed, result.BackupsUnreadableAfter));
    }

    private async Task<(string Live, string Backup)> SeedAndCopyAsync()
    {
        var live = Path.Combine(_folder.FullName, "school.db");
        var backup = Path.Combine(_folder.FullName, "school-backup.db");
        await using (var app = Build(live))
        {
            await using var scope = app.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LearnerDbContext>();
            await db.Database.EnsureCreatedAsync();
            db.Learners.AddRange(
                new Learner { Id = Guid.NewGuid(), SubjectId = "learner-1", FullName = "Әлихан Бекұлы", Iin = "100412500013" },
                new Learner { Id = Guid.NewGuid(), SubjectId = "learner-2", FullName = "Алина Иванова", Iin = "100412500400" },
                new Learner { Id = Guid.NewGuid(), SubjectId = "learner-3", FullName = "Dana Smagulova", Iin = null });
            await db.SaveChangesAsync();
        }

        File.Copy(live, backup);
        return (live, backup);
    }

    // A running instance: its key ring refreshes at least once a day (its timer fires at each epoch's end).
    private async Task RunDaysAsync(ServiceProvider app, int days)
    {
        var ring = app.GetRequiredService<IFieldKeyRing>();
        for (var day = 0; day < days; day++)
        {
            _time.Advance(TimeSpan.FromDays(1));
            await ring.RefreshAsync();
        }
    }

    private ServiceProvider Build(string database, bool perSubjectKeys = true)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddDataProtection()
            .PersistKeysToFileSystem(_folder.CreateSubdirectory("dp-keys"))
            .SetApplicationName("hrplus-backup-window-tests");
        services.AddDbContext<LearnerDbContext>((sp, o) => o.UseSqlite($"Data Source={database};Pooling=False").UseHrPlusPrivacy(sp));
        services.AddScoped<IPersonalDataSource, LearnerSource>();

        // The field keys live in the database (and in its backups); only the epoch keys live outside it.
        services.AddHrPlusPrivacy(o =>
        {
            o.Encryption.PerSubjectKeys = perSubjectKeys;
            o.Encryption.EpochKeyDirectory = Path.Combine(_folder.FullName, "epoch-keys");
        }).UseEntityFrameworkCoreStores<LearnerDbContext>();
        return services.BuildServiceProvider();
    }
}
