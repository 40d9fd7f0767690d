using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>
/// Encrypted properties inside complex types (nested too), owned types (the owner's table and a table of their own),
/// behind a backing field and as a field with no property: stored as ciphertext, bound to their row or subject, and
/// decrypted like the entity's own properties, with the attributes or the fluent API, in either configuration order.
/// </summary>
public abstract class MappingShapeTests<TContext> : CardDatabaseTests<TContext>
    where TContext : ShapeDbContext
{
    /// <summary>Every encrypted column: table, column, and the key column that finds the pupil's row.</summary>
    public static readonly (string Table, string Column, string Key)[] Columns =
    [
        ("Pupils", "Address_Street", "Id"), ("Pupils", "Address_City", "Id"), ("Pupils", "Address_Remark", "Id"),
        ("Pupils", "Address_Flat_Number", "Id"), ("Pupils", "Contact_Phone", "Id"), ("Pupils", "Diagnosis", "Id"),
        ("Pupils", "_secret", "Id"), ("ShapeGuardians", "Name", "ShapePupilId"),
    ];

    internal static ShapePupil NewPupil(string tag)
    {
        var pupil = new ShapePupil
        {
            Id = Guid.NewGuid(),
            Title = "t",
            Address = new ShapeAddress { Street = $"ул. Абая 10 {tag}", City = $"Алматы {tag}", Remark = $"remark {tag}", Flat = new ShapeFlat { Number = $"кв 5 {tag}", Floor = 3 } },
            Contact = new ShapeContact { Phone = $"+7701 {tag}", Kind = "mobile" },
            Guardians = [new ShapeGuardian { Id = Guid.NewGuid(), Name = $"Айгуль {tag}", Relation = "mother" }],
        };
        pupil.Diagnose($"diagnosis {tag}");
        pupil.WriteSecret($"secret {tag}");
        return pupil;
    }

    internal static string?[] PlaintextOf(ShapePupil p) =>
        [p.Address.Street, p.Address.City, p.Address.Remark, p.Address.Flat.Number, p.Contact.Phone, p.Diagnosis, p.ReadSecret(), .. p.Guardians.Select(g => g.Name)];

    protected async Task AddAsync(ShapePupil pupil)
    {
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        db.Pupils.Add(pupil);
        await db.SaveChangesAsync();
    }

    protected async Task<string?> RawAsync(string table, string column, string key, Guid id)
    {
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return await db.Database.SqlQueryRaw<string?>($"SELECT \"{column}\" AS \"Value\" FROM \"{table}\" WHERE \"{key}\" = {{0}}", id).SingleAsync();
    }

    protected async Task AssertOnlyCiphertextAsync(ShapePupil pupil)
    {
        var plaintexts = PlaintextOf(pupil);
        foreach (var (table, column, key) in Columns)
        {
            var raw = await RawAsync(table, column, key, pupil.Id);
            Assert.NotNull(raw);
            Assert.StartsWith("hp1.", raw, StringComparison.Ordinal);
            Assert.All(plaintexts, p => Assert.DoesNotContain(p!, raw, StringComparison.Ordinal));
        }
    }

    protected async Task SetRawAsync(string table, string column, string key, Guid id, string? value)
    {
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        Assert.Equal(1, await db.Database.ExecuteSqlRawAsync($"UPDATE \"{table}\" SET \"{column}\" = {{0}} WHERE \"{key}\" = {{1}}", value!, id));
    }

    [SkippableFact]
    public async Task Save_EveryShape_StoresCiphertextOnly_AndLoadsPlaintext_TrackedAndNot()
    {
        var pupil = NewPupil("a");
        var expected = PlaintextOf(pupil);
        await AddAsync(pupil);

        Assert.Equal(expected, PlaintextOf(pupil)); // the saved instance holds plaintext again
        await AssertOnlyCiphertextAsync(pupil);

        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var tracked = await db.Pupils.SingleAsync(p => p.Id == pupil.Id);
        Assert.Equal(expected, PlaintextOf(tracked));
        Assert.False(db.ChangeTracker.HasChanges());
        Assert.Equal(expected, PlaintextOf(await db.Pupils.AsNoTracking().SingleAsync(p => p.Id == pupil.Id)));
    }

    [SkippableFact]
    public async Task Save_EditsInEveryShape_AreEncryptedOnce_AndLoad()
    {
        var pupil = NewPupil("a");
        await AddAsync(pupil);
        var edited = NewPupil("b");
        edited.Id = pupil.Id;
        edited.Guardians[0].Id = pupil.Guardians[0].Id;

        await using (var scope = Provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var tracked = await db.Pupils.SingleAsync(p => p.Id == pupil.Id);
            tracked.Address.Street = edited.Address.Street;
            tracked.Address.City = edited.Address.City;
            tracked.Address.Remark = edited.Address.Remark;
            tracked.Address.Flat.Number = edited.Address.Flat.Number;
            tracked.Contact.Phone = edited.Contact.Phone;
            tracked.Guardians[0].Name = edited.Guardians[0].Name;
            tracked.Diagnose(edited.Diagnosis);
            tracked.WriteSecret(edited.ReadSecret());
            await db.SaveChangesAsync();
            Assert.Equal(PlaintextOf(edited), PlaintextOf(tracked));
            Assert.False(db.ChangeTracker.HasChanges());
        }

        await AssertOnlyCiphertextAsync(edited);
        await using var check = Provider.CreateAsyncScope();
        Assert.Equal(PlaintextOf(edited), PlaintextOf(await check.ServiceProvider.GetRequiredService<TContext>().Pupils.AsNoTracking().SingleAsync(p => p.Id == pupil.Id)));
    }

    [SkippableFact]
    public async Task DisconnectedUpdate_OfALoadedPupil_NeverEncryptsTwice()
    {
        var pupil = NewPupil("a");
        await AddAsync(pupil);
        ShapePupil loaded;
        await using (var scope = Provider.CreateAsyncScope())
        {
            loaded = await scope.ServiceProvider.GetRequiredService<TContext>().Pupils.AsNoTracking().SingleAsync(p => p.Id == pupil.Id);
        }

        await using (var scope = Provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            db.Update(loaded);
            await db.SaveChangesAsync();
        }

        await AssertOnlyCiphertextAsync(pupil);
        await using var check = Provider.CreateAsyncScope();
        Assert.Equal(PlaintextOf(pupil), PlaintextOf(await check.ServiceProvider.GetRequiredService<TContext>().Pupils.AsNoTracking().SingleAsync(p => p.Id == pupil.Id)));
    }

    [SkippableTheory]
    [InlineData("Pupils", "Address_Street", "Id")]
    [InlineData("Pupils", "Address_Flat_Number", "Id")]
    [InlineData("Pupils", "Contact_Phone", "Id")]
    [InlineData("Pupils", "Diagnosis", "Id")]
    [InlineData("Pupils", "_secret", "Id")]
    [InlineData("ShapeGuardians", "Name", "ShapePupilId")]
    public async Task Load_CiphertextCopiedFromAnotherRow_IsTampered_AndPlaintextIsMalformed(string table, string column, string key)
    {
        var (first, second) = (NewPupil("a"), NewPupil("b"));
        await AddAsync(first);
        await AddAsync(second);

        await SetRawAsync(table, column, key, second.Id, await RawAsync(table, column, key, first.Id));
        var copied = await Assert.ThrowsAsync<FieldDecryptionException>(() => LoadAsync(second.Id));
        Assert.Equal(FieldDecryptionFailureReason.Tampered, copied.Reason);

        await SetRawAsync(table, column, key, second.Id, "forged by an administrator");
        var forged = await Assert.ThrowsAsync<FieldDecryptionException>(() => LoadAsync(second.Id));
        Assert.Equal(FieldDecryptionFailureReason.Malformed, forged.Reason);
        Assert.DoesNotContain("forged", forged.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Load_SubjectBoundValueInAComplexType_AfterTheSubjectIdChangedInTheDatabase_IsTampered()
    {
        var pupil = NewPupil("a");
        await AddAsync(pupil);
        await SetRawAsync("Pupils", "SubjectId", "Id", pupil.Id, "subject-2");
        var error = await Assert.ThrowsAsync<FieldDecryptionException>(() => LoadAsync(pupil.Id));
        Assert.Equal(FieldDecryptionFailureReason.Tampered, error.Reason);
    }

    [SkippableFact]
    public async Task Projections_OfEveryShape_GivePlaintext()
    {
        var pupil = NewPupil("a");
        await AddAsync(pupil);
        await using var scope = Provider.CreateAsyncScope();
        var pupils = scope.ServiceProvider.GetRequiredService<TContext>().Pupils;

        Assert.Equal(pupil.Address.Street, await pupils.Select(p => p.Address.Street).SingleAsync());
        Assert.Equal(pupil.Address.Flat.Number, await pupils.Select(p => p.Address.Flat.Number).SingleAsync());
        Assert.Equal(pupil.Address.City, (await pupils.Select(p => p.Address).SingleAsync()).City);
        Assert.Equal(pupil.Contact.Phone, await pupils.Select(p => p.Contact.Phone).SingleAsync());
        Assert.Equal(pupil.Contact.Phone, (await pupils.Select(p => new { p.Title, p.Contact }).SingleAsync()).Contact.Phone);
        Assert.Equal(pupil.Guardians[0].Name, (await pupils.Select(p => p.Guardians).SingleAsync()).Single().Name);
        Assert.Equal(pupil.Diagnosis, await pupils.Select(p => p.Diagnosis).SingleAsync());
        Assert.Equal(pupil.ReadSecret(), await pupils.Select(p => EF.Property<string?>(p, "_secret")).SingleAsync());
    }

    [SkippableFact]
    public async Task Queries_ThatCannotBeAnsweredOverCiphertext_AreRefusedWhenCompiled_NamingThePropertyAndWhatWorks()
    {
        await AddAsync(NewPupil("a"));
        await using var scope = Provider.CreateAsyncScope();
        var pupils = scope.ServiceProvider.GetRequiredService<TContext>().Pupils;
        const string Random = "cannot be translated: it is encrypted with a random nonce per value, so the database cannot";
        const string InMemory = "Load the rows (with a filter on properties that are not encrypted) and do it in memory, after AsEnumerable()";
        const string Grouping = "Group or de-duplicate by its blind index (HasBlindIndex, then the index property), or load the rows and do it in memory.";

        async Task Refused(Func<Task> query, string message) =>
            Assert.Equal(message, (await Assert.ThrowsAsync<InvalidOperationException>(query)).Message);

        await Refused(() => pupils.OrderBy(p => p.Address.Street).ToListAsync(), $"OrderBy over 'ShapePupil.Address.Street' {Random} order rows by it. {InMemory}, or order by a property that is not encrypted.");
        await Refused(() => pupils.OrderBy(p => p.Title).ThenByDescending(p => p.Contact.Phone).ToListAsync(), $"ThenByDescending over 'ShapePupil.Contact.Phone' {Random} order rows by it. {InMemory}, or order by a property that is not encrypted.");
        await Refused(() => pupils.GroupBy(p => p.Diagnosis).Select(g => g.Count()).ToListAsync(), $"GroupBy over 'ShapePupil.Diagnosis' {Random} tell equal values apart from different ones. {Grouping}");
        await Refused(() => pupils.Select(p => p.Address.Flat.Number).Distinct().ToListAsync(), $"Distinct over 'ShapePupil.Address.Flat.Number' {Random} tell equal values apart from different ones. {Grouping}");
        await Refused(() => pupils.MaxAsync(p => EF.Property<string>(p, "_secret")), $"Max over 'ShapePupil._secret' {Random} compare its values. {InMemory}.");
        await Refused(() => pupils.Select(p => p.Address.City).MinAsync(), $"Min over 'ShapePupil.Address.City' {Random} compare its values. {InMemory}.");

        // Ordering by what is not encrypted, through the same complex and owned types, works.
        Assert.Single(await pupils.OrderBy(p => p.Address.Flat.Floor).ThenBy(p => p.Contact.Kind).ToListAsync());
    }

    [SkippableFact]
    public async Task Filters_OverEncryptedPropertiesOfEveryShape_AreRefusedWhenCompiled_NullTestsWork()
    {
        var pupil = NewPupil("a");
        await AddAsync(pupil);
        await using var scope = Provider.CreateAsyncScope();
        var pupils = scope.ServiceProvider.GetRequiredService<TContext>().Pupils;
        const string Random = "cannot be translated: it is encrypted with a random nonce per value, so the database cannot";
        const string ByValue = "Find rows by value through its blind index (HasBlindIndex, then WhereBlindIndexMatches or FindByEncryptedValueAsync), test it against null, or load the rows (with a filter on properties that are not encrypted) and test the plaintext in memory, after AsEnumerable().";
        const string Compare = "compare its values with a value or another column (a null test works)";
        var value = pupil.Address.Street;

        async Task Refused(Func<Task> query, string operation, string property, string what) =>
            Assert.Equal($"{operation} over '{property}' {Random} {what}. {ByValue}", (await Assert.ThrowsAsync<InvalidOperationException>(query)).Message);

        await Refused(() => pupils.Where(p => p.Address.Street == value).ToListAsync(), "'=='", "ShapePupil.Address.Street", Compare);
        await Refused(() => pupils.Where(p => p.Address.Flat.Number!.StartsWith("кв")).ToListAsync(), "StartsWith", "ShapePupil.Address.Flat.Number", "read its text");
        await Refused(() => pupils.Where(p => p.Contact.Phone!.Contains("77")).ToListAsync(), "Contains", "ShapePupil.Contact.Phone", "read its text");
        await Refused(() => pupils.Where(p => p.Guardians.Any(g => g.Name == value)).ToListAsync(), "'=='", "ShapePupil.Guardians.Name", Compare);
        await Refused(() => pupils.Where(p => p.Diagnosis!.Length > 3).ToListAsync(), "Length", "ShapePupil.Diagnosis", "read its text");
        await Refused(() => pupils.Where(p => EF.Functions.Like(EF.Property<string>(p, "_secret"), "s%")).ToListAsync(), "Like", "ShapePupil._secret", "read its text");

        Assert.Single(await pupils.Where(p => p.Address.Street != null && p.Contact.Phone != null && p.Guardians.Any(g => g.Name != null)).ToListAsync());
        Assert.Empty(await pupils.Where(p => EF.Property<string>(p, "_secret") == null).ToListAsync());
    }

    [SkippableFact]
    public async Task MigrateEncryptedData_OfAnEntityWithEncryptedValuesInComplexOrOwnedTypes_IsRefusedNamingTheProperty()
    {
        var pupil = NewPupil("a");
        await AddAsync(pupil);
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.MigrateEncryptedDataAsync<ShapePupil>());
        Assert.Equal(
            "MigrateEncryptedDataAsync cannot migrate 'ShapePupil.Address.City': it is inside a complex type, and the migration reads and filters only the entity's own columns, so nothing was migrated. Load the entities and save them (SaveChanges encrypts every value under the current key), with AcceptLegacyPlaintext() on the property while plaintext remains.",
            error.Message);
        await AssertOnlyCiphertextAsync(pupil);
    }

    [SkippableFact]
    public async Task ExecuteUpdate_OfAnEncryptedPropertyInAComplexType_OrOfTheSubjectId_IsRefused_AndTheRowStillLoads()
    {
        var pupil = NewPupil("a");
        await AddAsync(pupil);
        await using (var scope = Provider.CreateAsyncScope())
        {
            var pupils = scope.ServiceProvider.GetRequiredService<TContext>().Pupils;
            var street = await Assert.ThrowsAsync<InvalidOperationException>(() => pupils.ExecuteUpdateAsync(s => s.SetProperty(p => p.Address.Street, "plain")));
            Assert.Equal(
                "ExecuteUpdate cannot set 'ShapePupil.Address.Street': it is encrypted, and ExecuteUpdate writes values to the column without encrypting them. Load the entities, change them and call SaveChanges, which encrypts; ExecuteUpdate may set the other properties.",
                street.Message);
            var subject = await Assert.ThrowsAsync<InvalidOperationException>(() => pupils.ExecuteUpdateAsync(s => s.SetProperty(p => p.SubjectId, "subject-2")));
            Assert.Equal(
                "ExecuteUpdate cannot set 'ShapePupil.SubjectId': 'ShapePupil.Address.Remark' is encrypted bound to the subject id it holds, so the row's values would no longer decrypt. Load the entities, change the subject id and call SaveChanges, which encrypts their values again under the new subject.",
                subject.Message);
            Assert.Equal(1, await pupils.ExecuteUpdateAsync(s => s.SetProperty(p => p.Title, "u").SetProperty(p => p.Address.Flat.Floor, 4)));
        }

        await AssertOnlyCiphertextAsync(pupil);
        Assert.Equal(PlaintextOf(pupil), PlaintextOf(await LoadAsync(pupil.Id)));
    }

    [SkippableFact]
    public async Task SubjectIdChangedWithSaveChanges_ReencryptsTheComplexTypesSubjectBoundValue()
    {
        var pupil = NewPupil("a");
        await AddAsync(pupil);
        await using (var scope = Provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            (await db.Pupils.SingleAsync()).SubjectId = "subject-2";
            await db.SaveChangesAsync();
        }

        var loaded = await LoadAsync(pupil.Id);
        Assert.Equal(("subject-2", pupil.Address.Remark), (loaded.SubjectId, loaded.Address.Remark));
    }

    private new async Task<ShapePupil> LoadAsync(Guid id)
    {
        await using var scope = Provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TContext>().Pupils.AsNoTracking().SingleAsync(p => p.Id == id);
    }
}

public sealed class SqliteMappingShapeTests : MappingShapeTests<ShapeDbContext>
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}

public sealed class SqliteLateMappingShapeTests : MappingShapeTests<LateShapeDbContext>
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
public sealed class PostgresMappingShapeTests(PostgresFixture postgres) : MappingShapeTests<ShapeDbContext>
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresLateMappingShapeTests(PostgresFixture postgres) : MappingShapeTests<LateShapeDbContext>
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
