using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>The explicit ways around the rules: a ciphertext taken on purpose, and a skipped candidate reported.</summary>
public abstract class EncryptedPropertyApiTests : CardDatabaseTests
{
    private const string Iin = "100412500013";

    [SkippableFact]
    public async Task SetCurrentValueFromCiphertext_TakesTheValueOfThisField_AndRefusesAnotherRowsBoundValue()
    {
        var first = new Card { Id = Guid.NewGuid(), Name = "Бірінші", Note = "note" };
        await AddAsync(first);
        var (name, note) = (await RawAsync(first.Id, "Name"), await RawAsync(first.Id, "Note"));

        var second = new Card { Id = Guid.NewGuid() };
        await using (var scope = Provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
            db.Cards.Add(second);
            var error = Assert.Throws<FieldDecryptionException>(() => db.Entry(second).Property(c => c.Name).SetCurrentValueFromCiphertext(name!));
            Assert.Equal(FieldDecryptionFailureReason.Tampered, error.Reason);
            Assert.Null(second.Name);

            db.Entry(second).Property(c => c.Note).SetCurrentValueFromCiphertext(note!);
            Assert.Equal("note", second.Note);
            await db.SaveChangesAsync();
        }

        Assert.NotEqual(note, await RawAsync(second.Id, "Note"));
        Assert.Equal("note", (await LoadAsync(second.Id)).Note);
    }

    [SkippableFact]
    public async Task SearchByEncryptedValue_ReportsTheCandidateItSkipped_ByReason()
    {
        var good = new Card { Id = Guid.NewGuid(), Iin = Iin };
        var tampered = new Card { Id = Guid.NewGuid(), Iin = Iin };
        await AddAsync(good, tampered);
        var moved = await RawAsync(good.Id, "Iin");
        await SqlAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Cards\" SET \"Iin\" = {moved} WHERE \"Id\" = {tampered.Id}"));

        await using var scope = Provider.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CardDbContext>().Cards.SearchByEncryptedValueAsync(c => c.Iin, "1004 1250 0013");

        Assert.Equal(good.Id, Assert.Single(result.Matches).Id);
        Assert.Equal([FieldDecryptionFailureReason.Tampered], result.Skipped);
    }
}

/// <summary>A column still being migrated: legacy plaintext loads until the migration has encrypted it.</summary>
public abstract class LegacyPlaintextTests : CardDatabaseTests<MigratingCardDbContext>
{
    [SkippableFact]
    public async Task Load_PlaintextInAColumnThatAcceptsLegacyPlaintext_Loads_AndTheMigrationEncryptsIt()
    {
        var card = new Card { Id = Guid.NewGuid(), Note = "encrypted", Remark = "remark" };
        await AddAsync(card);
        await SqlAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Cards\" SET \"Note\" = {"legacy"} WHERE \"Id\" = {card.Id}"));

        Assert.Equal("legacy", (await LoadAsync(card.Id)).Note);

        await using (var scope = Provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MigratingCardDbContext>();
            Assert.Equal(new EncryptionMigrationProgress("Card", 1, 1, 0, 0), await db.MigrateEncryptedDataAsync<Card>());
        }

        Assert.StartsWith("hp1.", await RawAsync(card.Id, "Note"), StringComparison.Ordinal);
        Assert.Equal(("legacy", "remark"), ((await LoadAsync(card.Id)).Note, (await LoadAsync(card.Id)).Remark));
    }

    [SkippableFact]
    public async Task Migrate_LegacyTextThatLooksLikeCiphertext_IsReportedAsFailed_AndLeftAsItIs()
    {
        var card = new Card { Id = Guid.NewGuid(), Note = "encrypted" };
        await AddAsync(card);
        await SqlAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Cards\" SET \"Note\" = {"hp1. see file"} WHERE \"Id\" = {card.Id}"));

        await using (var scope = Provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MigratingCardDbContext>();
            Assert.Equal(new EncryptionMigrationProgress("Card", 0, 0, 0, 1), await db.MigrateEncryptedDataAsync<Card>());
        }

        Assert.Equal("hp1. see file", await RawAsync(card.Id, "Note"));
        var error = await Assert.ThrowsAsync<FieldDecryptionException>(() => LoadAsync(card.Id));
        Assert.Equal(FieldDecryptionFailureReason.Malformed, error.Reason);
    }

    [SkippableFact]
    public async Task Load_PlaintextInAStrictColumnOfTheSameEntity_IsStillRefused()
    {
        var card = new Card { Id = Guid.NewGuid(), Remark = "remark" };
        await AddAsync(card);
        await SqlAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Cards\" SET \"Remark\" = {"forged"} WHERE \"Id\" = {card.Id}"));

        var error = await Assert.ThrowsAsync<FieldDecryptionException>(() => LoadAsync(card.Id));
        Assert.Equal(FieldDecryptionFailureReason.Malformed, error.Reason);
    }
}

public sealed class SqliteEncryptedPropertyApiTests : EncryptedPropertyApiTests
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
public sealed class PostgresEncryptedPropertyApiTests(PostgresFixture postgres) : EncryptedPropertyApiTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}

public sealed class SqliteLegacyPlaintextTests : LegacyPlaintextTests
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
public sealed class PostgresLegacyPlaintextTests(PostgresFixture postgres) : LegacyPlaintextTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
