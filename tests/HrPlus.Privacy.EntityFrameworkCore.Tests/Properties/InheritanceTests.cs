using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>
/// Encrypted properties on the base type and on derived types of a hierarchy mapped TPH, TPT and TPC: stored as
/// ciphertext only, bound to the derived row (or its subject), and decrypted when loaded through the base set, with
/// <c>OfType</c>, tracked or not, and in projections; filters over them are refused when the query is compiled.
/// </summary>
public abstract class InheritanceTests<TContext> : CardDatabaseTests<TContext>
    where TContext : InheritanceDbContext
{
    protected abstract InheritanceMapping Mapping { get; }

    /// <summary>The table and column of each encrypted value of a pupil (Name, Diagnosis) and of a teacher (Name, Phone).</summary>
    internal static (string Table, string Column)[] PupilColumns(InheritanceMapping mapping) => mapping switch
    {
        InheritanceMapping.TablePerHierarchy => [("People", "Name"), ("People", "Diagnosis")],
        InheritanceMapping.TablePerType => [("People", "Name"), ("InheritedPupils", "Diagnosis")],
        _ => [("InheritedPupils", "Name"), ("InheritedPupils", "Diagnosis")],
    };

    internal static (string Table, string Column)[] TeacherColumns(InheritanceMapping mapping) => mapping switch
    {
        InheritanceMapping.TablePerHierarchy => [("People", "Name"), ("People", "Phone")],
        InheritanceMapping.TablePerType => [("People", "Name"), ("InheritedTeachers", "Phone")],
        _ => [("InheritedTeachers", "Name"), ("InheritedTeachers", "Phone")],
    };

    internal static InheritedPupil NewPupil(string tag) => new() { Id = Guid.NewGuid(), Title = "pupil", Name = $"Айгуль {tag}", Diagnosis = $"diagnosis {tag}" };

    internal static InheritedTeacher NewTeacher(string tag) => new() { Id = Guid.NewGuid(), Title = "teacher", Name = $"Ержан {tag}", Phone = $"+7701 {tag}" };

    private async Task SaveAsync(params InheritedPerson[] people)
    {
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        db.People.AddRange(people);
        await db.SaveChangesAsync();
    }

    private async Task<string?> RawAsync(string table, string column, Guid id)
    {
        await using var scope = Provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TContext>().Database
            .SqlQueryRaw<string?>($"SELECT \"{column}\" AS \"Value\" FROM \"{table}\" WHERE \"Id\" = {{0}}", id).SingleAsync();
    }

    private async Task SetRawAsync(string table, string column, Guid id, string? value)
    {
        await using var scope = Provider.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<TContext>().Database
            .ExecuteSqlRawAsync($"UPDATE \"{table}\" SET \"{column}\" = {{0}} WHERE \"Id\" = {{1}}", value!, id));
    }

    private async Task AssertOnlyCiphertextAsync(InheritedPupil pupil, InheritedTeacher teacher)
    {
        string?[] plaintexts = [pupil.Name, pupil.Diagnosis, teacher.Name, teacher.Phone];
        foreach (var (id, columns) in new[] { (pupil.Id, PupilColumns(Mapping)), (teacher.Id, TeacherColumns(Mapping)) })
        {
            foreach (var (table, column) in columns)
            {
                var raw = await RawAsync(table, column, id);
                Assert.StartsWith("hp1.", raw, StringComparison.Ordinal);
                Assert.All(plaintexts, p => Assert.DoesNotContain(p!, raw, StringComparison.Ordinal));
            }
        }
    }

    private new async Task<InheritedPerson> LoadAsync(Guid id)
    {
        await using var scope = Provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TContext>().People.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    [SkippableFact]
    public async Task Save_BaseAndDerivedProperties_StoresCiphertextOnly_AndLoadsThroughTheBaseSetAndOfType()
    {
        var (pupil, teacher) = (NewPupil("a"), NewTeacher("a"));
        await SaveAsync(pupil, teacher);
        Assert.Equal(("Айгуль a", "diagnosis a", "Ержан a", "+7701 a"), (pupil.Name, pupil.Diagnosis, teacher.Name, teacher.Phone));
        await AssertOnlyCiphertextAsync(pupil, teacher);

        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var tracked = await db.People.Where(p => p.Title != "").ToListAsync();
        Assert.Equal(2, tracked.Count);
        var loadedPupil = Assert.Single(tracked.OfType<InheritedPupil>());
        var loadedTeacher = Assert.Single(tracked.OfType<InheritedTeacher>());
        Assert.Equal(("Айгуль a", "diagnosis a", "Ержан a", "+7701 a"), (loadedPupil.Name, loadedPupil.Diagnosis, loadedTeacher.Name, loadedTeacher.Phone));
        Assert.False(db.ChangeTracker.HasChanges());

        var untracked = await db.People.AsNoTracking().OfType<InheritedPupil>().SingleAsync();
        Assert.Equal(("Айгуль a", "diagnosis a"), (untracked.Name, untracked.Diagnosis));
        Assert.Equal("+7701 a", (await db.Set<InheritedTeacher>().AsNoTracking().SingleAsync()).Phone);

        Assert.Equal("diagnosis a", await db.People.OfType<InheritedPupil>().Select(p => p.Diagnosis).SingleAsync());
        Assert.Equal("Ержан a", await db.People.Where(p => p.Id == teacher.Id).Select(p => p.Name).SingleAsync());
        Assert.Equal("+7701 a", await db.People.Where(p => p.Id == teacher.Id).Select(p => ((InheritedTeacher)p).Phone).SingleAsync());
        Assert.Equal(
            [("Айгуль a", null), ("Ержан a", "+7701 a")],
            (await db.People.Select(p => new { p.Title, p.Name, Phone = p is InheritedTeacher ? ((InheritedTeacher)p).Phone : null }).ToListAsync())
                .OrderBy(p => p.Title, StringComparer.Ordinal).Select(p => (p.Name, p.Phone)));
    }

    [SkippableFact]
    public async Task Edits_TrackedAndDisconnected_AreEncryptedOnce_AndLoad()
    {
        var (pupil, teacher) = (NewPupil("a"), NewTeacher("a"));
        await SaveAsync(pupil, teacher);
        await using (var scope = Provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var people = await db.People.ToListAsync();
            var loadedPupil = people.OfType<InheritedPupil>().Single();
            loadedPupil.Name = "Айгуль b";
            loadedPupil.Diagnosis = "diagnosis b";
            loadedPupil.SubjectId = "subject-2";
            await db.SaveChangesAsync();
            Assert.False(db.ChangeTracker.HasChanges());
        }

        InheritedPerson copy = await LoadAsync(teacher.Id);
        ((InheritedTeacher)copy).Phone = "+7701 b";
        await using (var scope = Provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            db.Update(copy);
            await db.SaveChangesAsync();
        }

        var (edited, phoned) = ((InheritedPupil)await LoadAsync(pupil.Id), (InheritedTeacher)await LoadAsync(teacher.Id));
        Assert.Equal(("Айгуль b", "diagnosis b", "subject-2", "Ержан a", "+7701 b"), (edited.Name, edited.Diagnosis, edited.SubjectId, phoned.Name, phoned.Phone));
        await AssertOnlyCiphertextAsync(edited, phoned);
    }

    [SkippableFact]
    public async Task Load_CiphertextOfAnotherRow_IsTampered_AndASubjectChangeInTheDatabaseToo()
    {
        var (first, second, teacher) = (NewPupil("a"), NewPupil("b"), NewTeacher("c"));
        await SaveAsync(first, second, teacher);

        // The base property is bound to the derived row: a pupil's name copied to another pupil's row does not load.
        var (nameTable, nameColumn) = PupilColumns(Mapping)[0];
        await SetRawAsync(nameTable, nameColumn, second.Id, await RawAsync(nameTable, nameColumn, first.Id));
        Assert.Equal(FieldDecryptionFailureReason.Tampered, (await Assert.ThrowsAsync<FieldDecryptionException>(() => LoadAsync(second.Id))).Reason);

        // A derived property bound to the subject: the subject id changed behind the SDK's back.
        var (subjectTable, _) = PupilColumns(Mapping)[0];
        await SetRawAsync(subjectTable, "SubjectId", first.Id, "subject-9");
        Assert.Equal(FieldDecryptionFailureReason.Tampered, (await Assert.ThrowsAsync<FieldDecryptionException>(() => LoadAsync(first.Id))).Reason);

        // Plaintext written by an administrator into a derived type's column.
        var (phoneTable, phoneColumn) = TeacherColumns(Mapping)[1];
        await SetRawAsync(phoneTable, phoneColumn, teacher.Id, "forged");
        Assert.Equal(FieldDecryptionFailureReason.Malformed, (await Assert.ThrowsAsync<FieldDecryptionException>(() => LoadAsync(teacher.Id))).Reason);
    }

    [SkippableFact]
    public async Task MigrateEncryptedData_OverTheBaseType_IsRefused_PerConcreteTypeItRuns()
    {
        var (pupil, teacher) = (NewPupil("a"), NewTeacher("a"));
        await SaveAsync(pupil, teacher);
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.MigrateEncryptedDataAsync<InheritedPerson>());
        Assert.Equal(
            "MigrateEncryptedDataAsync<InheritedPerson> cannot migrate 'InheritedPupil.Diagnosis': it is declared on the derived type 'InheritedPupil', whose columns a query over the base type does not filter, so nothing was migrated. Migrate each concrete type instead (MigrateEncryptedDataAsync<T> with T the derived type): that covers the properties it inherits too.",
            error.Message);

        Assert.Equal((0L, 0L), ((await db.MigrateEncryptedDataAsync<InheritedTeacher>()).RowsUpdated, (await db.MigrateEncryptedDataAsync<InheritedPupil>()).RowsUpdated));
        await AssertOnlyCiphertextAsync(pupil, teacher);
        Assert.Equal("+7701 a", ((InheritedTeacher)await LoadAsync(teacher.Id)).Phone);
    }

    [SkippableFact]
    public async Task Filters_OverBaseAndDerivedEncryptedProperties_AreRefusedWhenCompiled()
    {
        await SaveAsync(NewPupil("a"));
        await using var scope = Provider.CreateAsyncScope();
        var people = scope.ServiceProvider.GetRequiredService<TContext>().People;
        const string Random = "cannot be translated: it is encrypted with a random nonce per value, so the database cannot";
        var value = "x";

        Assert.StartsWith($"'==' over 'InheritedPerson.Name' {Random}", (await Assert.ThrowsAsync<InvalidOperationException>(() => people.Where(p => p.Name == value).ToListAsync())).Message, StringComparison.Ordinal);
        Assert.StartsWith($"StartsWith over 'InheritedPupil.Diagnosis' {Random}", (await Assert.ThrowsAsync<InvalidOperationException>(() => people.OfType<InheritedPupil>().Where(p => p.Diagnosis!.StartsWith(value)).ToListAsync())).Message, StringComparison.Ordinal);
        Assert.StartsWith($"'==' over 'InheritedTeacher.Phone' {Random}", (await Assert.ThrowsAsync<InvalidOperationException>(() => people.Where(p => ((InheritedTeacher)p).Phone == value).ToListAsync())).Message, StringComparison.Ordinal);
        Assert.StartsWith($"OrderBy over 'InheritedPupil.Diagnosis' {Random}", (await Assert.ThrowsAsync<InvalidOperationException>(() => people.OfType<InheritedPupil>().OrderBy(p => p.Diagnosis).ToListAsync())).Message, StringComparison.Ordinal);
        Assert.Single(await people.Where(p => p.Name != null).ToListAsync());
    }
}

public sealed class SqliteTphInheritanceTests : InheritanceTests<TphInheritanceDbContext>
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    protected override InheritanceMapping Mapping => InheritanceMapping.TablePerHierarchy;

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}

public sealed class SqliteTptInheritanceTests : InheritanceTests<TptInheritanceDbContext>
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    protected override InheritanceMapping Mapping => InheritanceMapping.TablePerType;

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}

public sealed class SqliteTpcInheritanceTests : InheritanceTests<TpcInheritanceDbContext>
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    protected override InheritanceMapping Mapping => InheritanceMapping.TablePerConcreteType;

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTphInheritanceTests(PostgresFixture postgres) : InheritanceTests<TphInheritanceDbContext>
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;

    protected override InheritanceMapping Mapping => InheritanceMapping.TablePerHierarchy;
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTptInheritanceTests(PostgresFixture postgres) : InheritanceTests<TptInheritanceDbContext>
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;

    protected override InheritanceMapping Mapping => InheritanceMapping.TablePerType;
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTpcInheritanceTests(PostgresFixture postgres) : InheritanceTests<TpcInheritanceDbContext>
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;

    protected override InheritanceMapping Mapping => InheritanceMapping.TablePerConcreteType;
}
