using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>
/// The paths that cannot keep the promise are refused, with an error that names the property and says what to do,
/// before anything is stored or loaded as genuine.
/// </summary>
public abstract class EncryptedPropertyRefusalTests : CardDatabaseTests
{
    [SkippableFact]
    public async Task Load_PlaintextWrittenIntoAnEncryptedColumn_IsRefusedAsMalformed()
    {
        var card = new Card { Id = Guid.NewGuid(), Note = "genuine" };
        await AddAsync(card);
        await SqlAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Cards\" SET \"Note\" = {"forged"} WHERE \"Id\" = {card.Id}"));

        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
        var error = await Assert.ThrowsAsync<FieldDecryptionException>(() => db.Cards.SingleAsync(c => c.Id == card.Id));
        Assert.Equal(FieldDecryptionFailureReason.Malformed, error.Reason);
        Assert.DoesNotContain("forged", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Save_WithoutUseHrPlusPrivacyOnTheOptions_IsRefused_AndNothingIsStored()
    {
        _ = Provider;
        var options = new DbContextOptionsBuilder<CardDbContext>();
        Database.Configure(options);
        await using (var db = new CardDbContext(options.Options))
        {
            db.Cards.Add(new Card { Id = Guid.NewGuid(), Note = "secret note" });
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            var refusal = Assert.IsType<InvalidOperationException>(error.InnerException);
            Assert.Contains("UseHrPlusPrivacy(serviceProvider)", refusal.Message, StringComparison.Ordinal);
            Assert.Contains("'Card.", refusal.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", refusal.Message, StringComparison.Ordinal);
        }

        await using var scope = Provider.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CardDbContext>().Cards.CountAsync());
    }

    [SkippableFact]
    public async Task Load_WithoutUseHrPlusPrivacyOnTheOptions_IsRefused_NeverGivesCiphertext()
    {
        var card = new Card { Id = Guid.NewGuid(), Title = "t", Note = "secret note" };
        await AddAsync(card);
        var options = new DbContextOptionsBuilder<CardDbContext>();
        Database.Configure(options);
        await using var db = new CardDbContext(options.Options);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Cards.SingleAsync(c => c.Id == card.Id));
        Assert.Contains("UseHrPlusPrivacy(serviceProvider)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Card.", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Cards.Select(c => c.Note).SingleAsync());
        Assert.Equal("t", await db.Cards.Select(c => c.Title).SingleAsync());
    }

    [SkippableFact]
    public async Task Query_ComparingAnEncryptedColumnWithAValue_IsRefused_ButNullChecksWork()
    {
        var card = new Card { Id = Guid.NewGuid(), Note = "note" };
        await AddAsync(card);

        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
        var note = "note";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Cards.Where(c => c.Note == note).ToListAsync());
        Assert.Contains("'Card.Note' is encrypted", error.Message, StringComparison.Ordinal);
        Assert.Contains("WhereBlindIndexMatches", error.Message, StringComparison.Ordinal);
        Assert.Equal(card.Id, (await db.Cards.SingleAsync(c => c.Note != null)).Id);
    }

    [SkippableFact]
    public async Task ExecuteUpdate_OnAnEncryptedProperty_IsRefusedBeforeAnythingIsWritten()
    {
        var card = new Card { Id = Guid.NewGuid(), Title = "t", Note = "note" };
        await AddAsync(card);

        await using (var scope = Provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Cards.ExecuteUpdateAsync(s => s.SetProperty(c => c.Note, "plain").SetProperty(c => c.Title, "u")));
            Assert.Contains("'Card.Note'", error.Message, StringComparison.Ordinal);
            Assert.Contains("SaveChanges", error.Message, StringComparison.Ordinal);
            Assert.Equal(1, await db.Cards.ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, "u")));
        }

        Assert.Equal("note", (await LoadAsync(card.Id)).Note);
    }

    [SkippableFact]
    public async Task RowBinding_WithADatabaseGeneratedKey_IsRefusedAtSave_NamingWhatWorks()
    {
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
        var ticket = new Ticket { Text = "ticket text" };
        db.Tickets.Add(ticket);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        Assert.Contains("'Ticket.Text'", error.Message, StringComparison.Ordinal);
        Assert.Contains("client-generated key", error.Message, StringComparison.Ordinal);
        Assert.Contains("EncryptionBinding.Subject", error.Message, StringComparison.Ordinal);
        Assert.Equal("ticket text", ticket.Text);
        Assert.Equal(0, await db.Tickets.CountAsync());
    }
}

public sealed class SqliteEncryptedPropertyRefusalTests : EncryptedPropertyRefusalTests
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
public sealed class PostgresEncryptedPropertyRefusalTests(PostgresFixture postgres) : EncryptedPropertyRefusalTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
