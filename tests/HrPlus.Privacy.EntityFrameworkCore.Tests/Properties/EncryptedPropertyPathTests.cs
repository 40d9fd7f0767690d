using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>
/// Every path EF Core offers keeps the promise: the entity holds plaintext, the column holds <c>hp1.</c> text, or the
/// path is refused with an error that says what to do instead.
/// </summary>
public abstract class EncryptedPropertyPathTests : CardDatabaseTests
{
    private const string Iin = "100412500013";

    [SkippableFact]
    public async Task Save_TextThatStartsWithTheCiphertextPrefix_IsEncrypted_AndLoadsBack()
    {
        var card = new Card { Id = Guid.NewGuid(), Note = "hp1. see file", Name = "hp1.AQAAAAEAAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJ" };
        await AddAsync(card);

        var raw = await RawAsync(card.Id, "Note");
        Assert.StartsWith("hp1.", raw, StringComparison.Ordinal);
        Assert.NotEqual("hp1. see file", raw);
        Assert.NotEqual(card.Name, await RawAsync(card.Id, "Name"));

        var loaded = await LoadAsync(card.Id);
        Assert.Equal("hp1. see file", loaded.Note);
        Assert.Equal("hp1.AQAAAAEAAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJ", loaded.Name);
    }

    [SkippableFact]
    public async Task Save_CiphertextCopiedFromAnotherRow_IsEncryptedAsText_NotStoredVerbatim()
    {
        var first = new Card { Id = Guid.NewGuid(), Note = "Бірінші" };
        await AddAsync(first);
        var copied = await RawAsync(first.Id, "Note");

        var second = new Card { Id = Guid.NewGuid(), Note = copied };
        await AddAsync(second);

        Assert.NotEqual(copied, await RawAsync(second.Id, "Note"));
        Assert.Equal(copied, (await LoadAsync(second.Id)).Note);
    }

    // Found by the model test on PostgreSQL (seed 14092284887437971625,9425334124334200375, size 36): another context
    // deleted the row, this context's update of it fails with a concurrency exception, and the edited encrypted value
    // stayed in the entity as ciphertext.
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Save_OfARowAnotherContextDeleted_FailsWithConcurrency_AndTheEntityKeepsItsPlaintext(bool async)
    {
        var card = new Card { Id = Guid.NewGuid(), Title = "t", Name = "Әлихан", Note = "note", SubjectId = "s-1", Remark = "remark" };
        await AddAsync(card);
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
        var loaded = await db.Cards.SingleAsync(c => c.Id == card.Id);
        await SqlAsync(other => other.Cards.Where(c => c.Id == card.Id).ExecuteDeleteAsync());

        loaded.Note = "hp1.";
        loaded.Name = "Бекұлы";
        if (async)
        {
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
        }
        else
        {
            Assert.Throws<DbUpdateConcurrencyException>(() => db.SaveChanges());
        }

        Assert.Equal(("hp1.", "Бекұлы", "remark"), (loaded.Note, loaded.Name, loaded.Remark));
        var entry = db.Entry(loaded);
        Assert.Equal(EntityState.Modified, entry.State);
        Assert.Equal(("note", "Әлихан"), ((string?)entry.Property(nameof(Card.Note)).OriginalValue, (string?)entry.Property(nameof(Card.Name)).OriginalValue));
    }

    [SkippableFact]
    public async Task EncryptedAttribute_OnAnEntityConfiguredAfterUseHrPlusPrivacy_IsEncrypted()
    {
        var note = new LateNote { Id = Guid.NewGuid(), Text = "late but secret" };
        await using (var scope = Provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
            db.Set<LateNote>().Add(note);
            await db.SaveChangesAsync();
        }

        await using (var scope = Provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
            var raw = await db.Database.SqlQuery<string>($"SELECT \"Text\" AS \"Value\" FROM \"LateNotes\" WHERE \"Id\" = {note.Id}").SingleAsync();
            Assert.StartsWith("hp1.", raw, StringComparison.Ordinal);
            Assert.Equal("late but secret", (await db.Set<LateNote>().SingleAsync()).Text);
        }
    }

    [SkippableFact]
    public async Task PooledContext_EntityLoadedInALaterLease_IsUnchangedWithPlaintextOriginals()
    {
        var card = new Card { Id = Guid.NewGuid(), Note = "note" };
        await AddAsync(card);
        var options = new DbContextOptionsBuilder<CardDbContext>();
        Database.Configure(options.UseHrPlusPrivacy(Provider));
        var factory = new PooledDbContextFactory<CardDbContext>(options.Options);

        CardDbContext first;
        await using (first = factory.CreateDbContext())
        {
            _ = await first.Cards.SingleAsync(c => c.Id == card.Id);
        }

        await using var second = factory.CreateDbContext();
        Assert.Same(first, second);
        var loaded = await second.Cards.SingleAsync(c => c.Id == card.Id);
        second.ChangeTracker.DetectChanges();
        Assert.Equal(EntityState.Unchanged, second.Entry(loaded).State);
        Assert.Equal("note", second.Entry(loaded).Property(c => c.Note).OriginalValue);
    }

    [SkippableFact]
    public async Task RefusedSave_SubjectIdEmptyAfterOtherPropertiesWereEncrypted_LeavesEveryValuePlaintext()
    {
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
        var card = new Card { Id = Guid.NewGuid(), Name = "Әлихан", Note = "note", SubjectId = "", Remark = "remark", Iin = Iin };
        db.Cards.Add(card);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        Assert.Contains("'Card.Remark'", error.Message, StringComparison.Ordinal);
        Assert.Equal(("Әлихан", "note", "remark", Iin), (card.Name, card.Note, card.Remark, card.Iin));
        Assert.Null(db.Entry(card).Property<string>("IinIndex").CurrentValue);
        Assert.Equal(0, await db.Cards.CountAsync());
    }

    [SkippableFact]
    public async Task SaveWithoutAccepting_RolledBackThenRetried_WritesTheEncryptedChange()
    {
        var card = new Card { Id = Guid.NewGuid(), Title = "before", Note = "before" };
        await AddAsync(card);

        await using (var scope = Provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
            var loaded = await db.Cards.SingleAsync(c => c.Id == card.Id);
            loaded.Title = "after";
            loaded.Note = "after";

            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false);
                Assert.Equal("after", loaded.Note);
                await transaction.RollbackAsync();
            }

            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false);
                await transaction.CommitAsync();
            }

            db.ChangeTracker.AcceptAllChanges();
            Assert.Equal("after", loaded.Note);
            Assert.Equal(EntityState.Unchanged, db.Entry(loaded).State);
        }

        var reloaded = await LoadAsync(card.Id);
        Assert.Equal(("after", "after"), (reloaded.Title, reloaded.Note));
    }

    [SkippableFact]
    public async Task Reload_AndGetDatabaseValues_GivePlaintext()
    {
        var card = new Card { Id = Guid.NewGuid(), Name = "name", Note = "note", Remark = "remark" };
        await AddAsync(card);

        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
        var loaded = await db.Cards.SingleAsync(c => c.Id == card.Id);
        loaded.Note = "unsaved";

        var values = await db.Entry(loaded).GetDatabaseValuesAsync();
        Assert.Equal(("name", "note", "remark"), (values!.GetValue<string>("Name"), values.GetValue<string>("Note"), values.GetValue<string>("Remark")));

        await db.Entry(loaded).ReloadAsync();
        Assert.Equal(("name", "note", "remark"), (loaded.Name, loaded.Note, loaded.Remark));
        Assert.Equal(EntityState.Unchanged, db.Entry(loaded).State);
        Assert.Equal(0, await db.SaveChangesAsync());
    }

    [SkippableFact]
    public async Task Projection_OfEncryptedProperties_GivesPlaintext()
    {
        var card = new Card { Id = Guid.NewGuid(), Title = "t", Name = "name", Note = "note", Remark = "remark" };
        await AddAsync(card);

        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
        Assert.Equal("note", await db.Cards.Where(c => c.Id == card.Id).Select(c => c.Note).SingleAsync());
        var shaped = await db.Cards.AsNoTracking().Where(c => c.Id == card.Id).Select(c => new { c.Title, c.Name, c.Remark }).SingleAsync();
        Assert.Equal(("t", "name", "remark"), (shaped.Title, shaped.Name, shaped.Remark));
        Assert.Equal("note", await db.Cards.Where(c => c.Id == card.Id).Select(c => EF.Property<string>(c, "Note")).SingleAsync());

        // Like any projection, it gives what the database holds, not a tracked entity's unsaved edit.
        var tracked = await db.Cards.SingleAsync(c => c.Id == card.Id);
        tracked.Note = "unsaved";
        Assert.Equal("note", await db.Cards.Where(c => c.Id == card.Id).Select(c => c.Note).SingleAsync());
        Assert.Equal("unsaved", tracked.Note);
        Assert.Single(db.ChangeTracker.Entries());
    }

    [SkippableFact]
    public async Task ChangingTheSubjectId_ReencryptsSubjectBoundValues_UnderTheNewSubject()
    {
        var card = new Card { Id = Guid.NewGuid(), SubjectId = "subject-1", Remark = "remark" };
        await AddAsync(card);
        var before = await RawAsync(card.Id, "Remark");

        await using (var scope = Provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
            (await db.Cards.SingleAsync(c => c.Id == card.Id)).SubjectId = "subject-2";
            Assert.Equal(1, await db.SaveChangesAsync());
        }

        Assert.NotEqual(before, await RawAsync(card.Id, "Remark"));
        var loaded = await LoadAsync(card.Id);
        Assert.Equal(("subject-2", "remark"), (loaded.SubjectId, loaded.Remark));
    }

    [SkippableFact]
    public async Task SubjectBoundValue_SavedByAContextThatMissedASubjectChange_IsWrittenWithTheSubjectIdItIsBoundTo()
    {
        var card = new Card { Id = Guid.NewGuid(), SubjectId = "subject-1", Remark = "remark" };
        await AddAsync(card);

        await using var first = Provider.CreateAsyncScope();
        await using var second = Provider.CreateAsyncScope();
        var moving = await first.ServiceProvider.GetRequiredService<CardDbContext>().Cards.SingleAsync(c => c.Id == card.Id);
        var editing = await second.ServiceProvider.GetRequiredService<CardDbContext>().Cards.SingleAsync(c => c.Id == card.Id);
        moving.SubjectId = "subject-2";
        await first.ServiceProvider.GetRequiredService<CardDbContext>().SaveChangesAsync();
        editing.Remark = "edited";
        await second.ServiceProvider.GetRequiredService<CardDbContext>().SaveChangesAsync();

        var loaded = await LoadAsync(card.Id);
        Assert.Equal(("subject-1", "edited"), (loaded.SubjectId, loaded.Remark));
    }

    [SkippableFact]
    public async Task FindByEncryptedValue_OneCandidateCannotBeDecrypted_TheOthersAreStillFound()
    {
        var good = new Card { Id = Guid.NewGuid(), Iin = Iin };
        var tampered = new Card { Id = Guid.NewGuid(), Iin = Iin };
        await AddAsync(good, tampered);
        var moved = await RawAsync(good.Id, "Iin");
        await SqlAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Cards\" SET \"Iin\" = {moved} WHERE \"Id\" = {tampered.Id}"));

        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
        var found = await db.Cards.FindByEncryptedValueAsync(c => c.Iin, Iin);

        Assert.Equal(good.Id, Assert.Single(found).Id);
        Assert.Equal(Iin, found[0].Iin);
    }

    [SkippableFact]
    public async Task Migrate_GuidKeysWithPerSubjectKeys_Ends_AndDoesNotRescanRowsUnderSubjectKeys()
    {
        PerSubjectKeys = true;
        await AddAsync(
            new Card { Id = Guid.NewGuid(), Remark = "a", SubjectId = "s-1" },
            new Card { Id = Guid.NewGuid(), Remark = "b", SubjectId = "s-2" },
            new Card { Id = Guid.NewGuid(), Remark = "c", SubjectId = "s-3" });

        using var stop = new CancellationTokenSource();
        var reports = 0;
        var progress = new SynchronousProgress(_ =>
        {
            if (++reports > 10)
            {
                stop.Cancel();
            }
        });
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
        var result = await db.MigrateEncryptedDataAsync<Card>(batchSize: 1, progress, stop.Token);

        Assert.Equal(new EncryptionMigrationProgress("Card", 0, 0, 0, 0), result);
        Assert.Equal(3, reports);
    }
}

public sealed class SqliteEncryptedPropertyPathTests : EncryptedPropertyPathTests
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresEncryptedPropertyPathTests(PostgresFixture postgres) : EncryptedPropertyPathTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
