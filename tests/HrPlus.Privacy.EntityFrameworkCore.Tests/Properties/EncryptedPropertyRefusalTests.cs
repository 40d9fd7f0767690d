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
        Assert.Equal($"'==' over 'Card.Note' {Untranslatable} compare its values with a value or another column (a null test works). {ByValue}", error.Message);
        Assert.Equal(card.Id, (await db.Cards.SingleAsync(c => c.Note != null)).Id);
        Assert.Equal(0, await db.Cards.CountAsync(c => c.Note == null));
    }

    private const string Untranslatable = "cannot be translated: it is encrypted with a random nonce per value, so the database cannot";

    private const string ByValue = "Find rows by value through its blind index (HasBlindIndex, then WhereBlindIndexMatches or FindByEncryptedValueAsync), test it against null, or load the rows (with a filter on properties that are not encrypted) and test the plaintext in memory, after AsEnumerable().";

    [SkippableFact]
    public async Task Query_StringFunctionsAndComparisonsOnAnEncryptedProperty_AreRefusedWhenCompiled_NamingThePropertyAndWhatWorks()
    {
        var card = new Card { Id = Guid.NewGuid(), Title = "note", Name = "Айгуль", Note = "note", Iin = "100412500013" };
        await AddAsync(card);

        await using var scope = Provider.CreateAsyncScope();
        var cards = scope.ServiceProvider.GetRequiredService<CardDbContext>().Cards;
        var value = "note";

        async Task Refused(Func<Task> query, string operation, string what) =>
            Assert.Equal($"{operation} over 'Card.Note' {Untranslatable} {what}. {ByValue}", (await Assert.ThrowsAsync<InvalidOperationException>(query)).Message);

        const string Text = "read its text";
        await Refused(() => cards.Where(c => c.Note!.Contains("no")).ToListAsync(), "Contains", Text);
        await Refused(() => cards.Where(c => c.Note!.StartsWith("no")).ToListAsync(), "StartsWith", Text);
        await Refused(() => cards.Where(c => c.Note!.EndsWith("te")).ToListAsync(), "EndsWith", Text);
        await Refused(() => cards.Where(c => c.Note!.ToUpper() == "NOTE").ToListAsync(), "ToUpper", Text);
        await Refused(() => cards.Where(c => c.Note!.ToLower() == value).ToListAsync(), "ToLower", Text);
        await Refused(() => cards.Where(c => c.Note!.Substring(0, 2) == "no").ToListAsync(), "Substring", Text);
        await Refused(() => cards.Where(c => c.Note!.Length == 4).ToListAsync(), "Length", Text);
        await Refused(() => cards.Where(c => c.Note!.Trim() == value).ToListAsync(), "Trim", Text);
        await Refused(() => cards.Where(c => EF.Functions.Like(c.Note, "no%")).ToListAsync(), "Like", Text);
        await Refused(() => cards.Where(c => string.Compare(c.Note, value) > 0).ToListAsync(), "Compare", Text);
        await Refused(() => cards.Where(c => c.Note!.CompareTo(value) < 0).ToListAsync(), "CompareTo", Text);
        await Refused(() => cards.Where(c => c.Note!.Equals(value)).ToListAsync(), "Equals", Text);
        await Refused(() => cards.AnyAsync(c => c.Title == c.Note), "'=='", "compare its values with a value or another column (a null test works)");
        await Refused(() => cards.CountAsync(c => c.Note != "x"), "'!='", "compare its values with a value or another column (a null test works)");
        await Refused(() => cards.Where(c => (c.Note ?? "") == value).ToListAsync(), "'??'", "compute with or compare its values");

        // What works: the blind index, null tests, the other columns, and projections (read from the decrypted entity).
        Assert.Equal(card.Id, (await cards.WhereBlindIndexMatches(c => c.Iin, "100412500013").SingleAsync()).Id);
        Assert.Equal(card.Id, (await cards.SingleAsync(c => c.Note != null && c.Title.StartsWith("no"))).Id);
        Assert.Equal("NOTE", await cards.Select(c => c.Note!.ToUpper()).SingleAsync());
        Assert.Equal(6, await cards.Select(c => c.Name!.Length).SingleAsync());
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
