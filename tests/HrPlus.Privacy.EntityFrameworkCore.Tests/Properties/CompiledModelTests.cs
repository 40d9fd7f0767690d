using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>
/// The cards' model compiled with <c>dotnet ef dbcontext optimize</c> (checked in under Properties/CompiledModels),
/// with <c>AddDbContext</c> and with <c>AddDbContextPool</c>: encryption, decryption, strict loads, blind indexes and
/// the query checks work as with the model built at run time, because everything the SDK reads at run time is an
/// annotation or a converter the compiled model carries.
/// </summary>
public abstract class CompiledModelTests<TContext> : CardDatabaseTests<TContext>
    where TContext : DbContext
{
    /// <summary>Gets the type of the checked-in compiled model the context must be using.</summary>
    protected abstract Type CompiledModel { get; }

    private const string Iin = "100412500013";

    [SkippableFact]
    public async Task CompiledModel_IsTheOneInUse_AndCarriesTheEncryptionAnnotations()
    {
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        Assert.Same(CompiledModel, db.Model.GetType());
        var card = db.Model.FindEntityType(typeof(Card))!;
        Assert.Equal(
            [("Iin", 1, null, "IinIndex|1|8|Card.IinIndex"), ("Name", 1, null, null), ("Note", 0, null, null), ("Remark", 2, "SubjectId", null)],
            card.GetProperties().Where(p => p.FindAnnotation("HrPlus:Encryption") is not null)
                .Select(p => (p.Name, (int)p["HrPlus:Encryption"]!, p["HrPlus:EncryptionSubject"] as string, p["HrPlus:BlindIndex"] as string)));
    }

    [SkippableFact]
    public void CompiledModel_CarriesEveryHrPlusAnnotationOfTheModelBuiltAtRunTime()
    {
        // The same model built by conventions at run time (CardDbContext shares the cards' configuration): every
        // annotation the SDK reads must have survived into the compiled model, or it is stale (regenerate it).
        var options = new DbContextOptionsBuilder<CardDbContext>();
        Database.Configure(options.UseHrPlusPrivacy(Provider));
        using var runtime = new CardDbContext(options.Options);
        using var scope = Provider.CreateScope();
        var compiled = scope.ServiceProvider.GetRequiredService<TContext>();
        Assert.Equal(Annotations(runtime.Model), Annotations(compiled.Model));
        Assert.NotEmpty(Annotations(compiled.Model));
    }

    private static List<string> Annotations(Microsoft.EntityFrameworkCore.Metadata.IModel model) =>
        [.. model.GetEntityTypes()
            .SelectMany(t => t.GetAnnotations().Select(a => (Owner: t.Name, a.Name, a.Value))
                .Concat(t.GetDeclaredProperties().SelectMany(p => p.GetAnnotations().Select(a => (Owner: $"{t.Name}.{p.Name}", a.Name, a.Value)))))
            .Where(a => a.Name.StartsWith("HrPlus:", StringComparison.Ordinal))
            .Select(a => $"{a.Owner} {a.Name}={a.Value}")
            .Order(StringComparer.Ordinal)];

    [SkippableFact]
    public async Task Save_StoresCiphertextOnly_AndLoadsPlaintext_InEveryContextOfThePool()
    {
        var card = new Card { Id = Guid.NewGuid(), Title = "t", Name = "Айгуль", Note = "note", Remark = "remark", Iin = Iin };
        await AddAsync(card);
        foreach (var (column, plaintext) in new[] { ("Name", "Айгуль"), ("Note", "note"), ("Remark", "remark"), ("Iin", Iin) })
        {
            var raw = await RawAsync(card.Id, column);
            Assert.StartsWith("hp1.", raw, StringComparison.Ordinal);
            Assert.DoesNotContain(plaintext, raw, StringComparison.Ordinal);
        }

        for (var i = 0; i < 3; i++)
        {
            await using var scope = Provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var tracked = await db.Set<Card>().SingleAsync(c => c.Id == card.Id);
            Assert.Equal(("Айгуль", i == 0 ? "note" : $"note {i - 1}", "remark", Iin), (tracked.Name, tracked.Note, tracked.Remark, tracked.Iin));
            Assert.False(db.ChangeTracker.HasChanges());
            tracked.Note = $"note {i}";
            await db.SaveChangesAsync();
            Assert.Equal($"note {i}", (await db.Set<Card>().AsNoTracking().SingleAsync(c => c.Id == card.Id)).Note);
            Assert.Equal(Iin, await db.Set<Card>().Select(c => c.Iin).SingleAsync());
            Assert.Equal(card.Id, (await db.Set<Card>().WhereBlindIndexMatches(c => c.Iin, Iin).SingleAsync()).Id);
        }
    }

    [SkippableFact]
    public async Task Load_ForgedOrCopiedValues_AreRefused_AsWithTheRuntimeModel()
    {
        var (first, second) = (new Card { Id = Guid.NewGuid(), Name = "a", Note = "n" }, new Card { Id = Guid.NewGuid(), Name = "b", Note = "n" });
        await AddAsync(first, second);
        var copied = await RawAsync(first.Id, "Name");
        await SqlAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Cards\" SET \"Name\" = {copied} WHERE \"Id\" = {second.Id}"));
        Assert.Equal(FieldDecryptionFailureReason.Tampered, (await Assert.ThrowsAsync<FieldDecryptionException>(() => LoadAsync(second.Id))).Reason);

        await SqlAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Cards\" SET \"Note\" = {"forged"} WHERE \"Id\" = {first.Id}"));
        Assert.Equal(FieldDecryptionFailureReason.Malformed, (await Assert.ThrowsAsync<FieldDecryptionException>(() => LoadAsync(first.Id))).Reason);
    }

    [SkippableFact]
    public async Task Queries_OverEncryptedProperties_AreCheckedWhenCompiled_AndValuesNotEncryptedHereAreRefused()
    {
        await AddAsync(new Card { Id = Guid.NewGuid(), Title = "t", Note = "note" });
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        const string Random = "cannot be translated: it is encrypted with a random nonce per value, so the database cannot";
        var value = "note";
        Assert.StartsWith($"OrderBy over 'Card.Note' {Random}", (await Assert.ThrowsAsync<InvalidOperationException>(() => db.Set<Card>().OrderBy(c => c.Note).ToListAsync())).Message, StringComparison.Ordinal);
        Assert.StartsWith($"'==' over 'Card.Note' {Random}", (await Assert.ThrowsAsync<InvalidOperationException>(() => db.Set<Card>().Where(c => c.Note == value).ToListAsync())).Message, StringComparison.Ordinal);
        Assert.StartsWith($"StartsWith over 'Card.Note' {Random}", (await Assert.ThrowsAsync<InvalidOperationException>(() => db.Set<Card>().Where(c => c.Note!.StartsWith(value)).ToListAsync())).Message, StringComparison.Ordinal);
        Assert.StartsWith("ExecuteUpdate cannot set 'Card.Note'", (await Assert.ThrowsAsync<InvalidOperationException>(() => db.Set<Card>().ExecuteUpdateAsync(s => s.SetProperty(c => c.Note, "plain")))).Message, StringComparison.Ordinal);
        Assert.Equal("note", await db.Set<Card>().Select(c => c.Note).SingleAsync());
    }
}

public sealed class SqliteCompiledModelTests : CompiledModelTests<CompiledCardDbContext>
{
    protected override Type CompiledModel => typeof(CompiledModels.CompiledCardDbContextModel);

    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}

public sealed class SqlitePooledCompiledModelTests : CompiledModelTests<CompiledCardDbContext>
{
    protected override Type CompiledModel => typeof(CompiledModels.CompiledCardDbContextModel);

    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    protected override bool Pooled => true;

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresCompiledModelTests(PostgresFixture postgres) : CompiledModelTests<PostgresCompiledCardDbContext>
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override Type CompiledModel => typeof(CompiledModels.Postgres.PostgresCompiledCardDbContextModel);

    protected override DatabaseProvider Database => _database.Value;
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPooledCompiledModelTests(PostgresFixture postgres) : CompiledModelTests<PostgresCompiledCardDbContext>
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override Type CompiledModel => typeof(CompiledModels.Postgres.PostgresCompiledCardDbContextModel);

    protected override DatabaseProvider Database => _database.Value;

    protected override bool Pooled => true;
}
