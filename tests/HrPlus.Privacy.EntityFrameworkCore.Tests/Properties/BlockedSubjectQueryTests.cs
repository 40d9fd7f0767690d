using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Subjects;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>One blocked pupil does not break everyone's list: WhereSubjectNotBlocked leaves their rows out in SQL.</summary>
public sealed class BlockedSubjectQueryTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hrplus-blocked-list-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task List_WithABlockedSubject_FailsWhole_WhereSubjectNotBlockedLeavesOnlyTheirRowOut()
    {
        await using var app = await SeedAsync();
        var blocking = app.GetRequiredService<ISubjectBlocking>();
        await blocking.BlockAsync("learner-2", "accuracy disputed", BlockRequester.Subject, "learner-2");
        await using var scope = app.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearnerDbContext>();

        var whole = await Assert.ThrowsAsync<FieldDecryptionException>(() => db.Learners.AsNoTracking().ToListAsync());
        var listed = await db.Learners.WhereSubjectNotBlocked().AsNoTracking().OrderBy(l => l.SubjectId).ToListAsync();

        Assert.Equal(FieldDecryptionFailureReason.SubjectBlocked, whole.Reason);
        Assert.Equal([("learner-1", "Әлихан Бекұлы"), ("learner-3", "Dana Smagulova")], listed.Select(l => (l.SubjectId, l.FullName)));
        Assert.Equal(FieldDecryptionFailureReason.SubjectBlocked, (await Assert.ThrowsAsync<FieldDecryptionException>(() => db.Learners.AsNoTracking().SingleAsync(l => l.SubjectId == "learner-2"))).Reason);

        await blocking.UnblockAsync("learner-2", "operator-1");
        Assert.Equal(3, await db.Learners.WhereSubjectNotBlocked().CountAsync());
    }

    [Fact]
    public async Task WhereSubjectNotBlocked_OnAnEntityWithoutSubjectBinding_SaysWhatItNeeds()
    {
        await using var app = await SeedAsync();
        await using var scope = app.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RowBoundDbContext>();

        var error = Assert.Throws<InvalidOperationException>(() => db.Notes.WhereSubjectNotBlocked());

        Assert.Contains("IsEncrypted(EncryptionBinding.Subject", error.Message, StringComparison.Ordinal);
    }

    private async Task<ServiceProvider> SeedAsync()
    {
        var database = Path.Combine(_folder.FullName, "school.db");
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_folder.CreateSubdirectory("dp-keys"));
        services.AddDbContext<LearnerDbContext>((sp, o) => o.UseSqlite($"Data Source={database};Pooling=False").UseHrPlusPrivacy(sp));
        services.AddDbContext<RowBoundDbContext>((sp, o) => o.UseSqlite($"Data Source={database};Pooling=False").UseHrPlusPrivacy(sp));
        services.AddHrPlusPrivacy().UseEntityFrameworkCoreStores<LearnerDbContext>().PersistFieldKeysToFileSystem(_folder.CreateSubdirectory("field-keys"));
        var app = services.BuildServiceProvider();
        await using var scope = app.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearnerDbContext>();
        await db.Database.EnsureCreatedAsync();
        db.Learners.AddRange(
            new Learner { Id = Guid.NewGuid(), SubjectId = "learner-1", FullName = "Әлихан Бекұлы" },
            new Learner { Id = Guid.NewGuid(), SubjectId = "learner-2", FullName = "Алина Иванова" },
            new Learner { Id = Guid.NewGuid(), SubjectId = "learner-3", FullName = "Dana Smagulova" });
        await db.SaveChangesAsync();
        return app;
    }
}

public sealed class Note
{
    public Guid Id { get; set; }

    public string Text { get; set; } = string.Empty;
}

public sealed class RowBoundDbContext(DbContextOptions<RowBoundDbContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Note>().Property(n => n.Text).IsEncrypted(EncryptionBinding.Row);
}
