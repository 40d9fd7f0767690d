using FsCheck;
using FsCheck.Fluent;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>
/// Model-based, over a hierarchy mapped TPH, TPT and TPC (a base property, and one property on each derived type):
/// random sequences of adds of either derived type, tracked edits through the base set, disconnected <c>Update()</c>
/// of an untracked copy and subject id changes. After every step every encrypted column of every row holds
/// <c>hp1.</c> ciphertext (or NULL exactly where the saved value is null), and tracked and untracked loads through the
/// base set, <c>OfType</c> loads and projections hold the last saved plaintext, with nothing reported as modified.
/// </summary>
public abstract class InheritanceModelTests<TContext> : CardDatabaseTests<TContext>
    where TContext : InheritanceDbContext
{
    private static readonly string?[] Texts = [null, "a", "Айгуль Сапарова", "hp1.AQAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "", "Ә"];

    private enum Kind
    {
        AddPupil,
        AddTeacher,
        EditTracked,
        UpdateDisconnected,
        ChangeSubject,
    }

    protected abstract InheritanceMapping Mapping { get; }

    protected virtual int Runs => 25;

    [SkippableFact]
    public void RandomSessions_BaseAndDerivedProperties_ColumnsHoldCiphertext_LoadsAndProjectionsHoldTheSavedPlaintext()
    {
        _ = Provider.GetRequiredService<IFieldEncryptor>().Encrypt("warm-up", FieldContext.For("Inherited", "WarmUp"));
        var step =
            from kind in Gen.Elements(Kind.AddPupil, Kind.AddTeacher, Kind.EditTracked, Kind.EditTracked, Kind.UpdateDisconnected, Kind.UpdateDisconnected, Kind.ChangeSubject)
            from row in Gen.Choose(0, 3)
            from field in Gen.Choose(0, 1)
            from value in Gen.Choose(0, Texts.Length - 1)
            select (kind, row, field, value);
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(Runs).WithEndSize(10),
            Prop.ForAll(Arb.From(step.ArrayOf()), steps => Run(steps)));
    }

    private sealed record Saved(Guid Id, bool IsPupil, string Subject, string?[] Values);

    private void Run((Kind Kind, int Row, int Field, int Value)[] steps)
    {
        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            db.People.RemoveRange(db.People.ToList());
            db.SaveChanges();
        }

        var saved = new List<Saved>();
        foreach (var (kind, row, field, value) in steps)
        {
            var text = Texts[value];
            if (kind is Kind.AddPupil or Kind.AddTeacher || saved.Count == 0)
            {
                InheritedPerson person = kind == Kind.AddTeacher
                    ? InheritanceTests<TContext>.NewTeacher($"{saved.Count}")
                    : InheritanceTests<TContext>.NewPupil($"{saved.Count}");
                Write(person, field, text);
                using var scope = Provider.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                db.People.Add(person);
                db.SaveChanges();
                saved.Add(new Saved(person.Id, person is InheritedPupil, person.SubjectId, Values(person)));
                continue;
            }

            var index = row % saved.Count;
            var current = saved[index];
            using (var scope = Provider.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                if (kind == Kind.UpdateDisconnected)
                {
                    var copy = db.People.AsNoTracking().Single(p => p.Id == current.Id);
                    Write(copy, field, text);
                    using var other = Provider.CreateScope();
                    var writer = other.ServiceProvider.GetRequiredService<TContext>();
                    writer.Update(copy);
                    writer.SaveChanges();
                    current.Values[field] = text;
                }
                else
                {
                    var tracked = db.People.Single(p => p.Id == current.Id);
                    if (kind == Kind.ChangeSubject)
                    {
                        tracked.SubjectId = $"subject-{value}";
                        saved[index] = current with { Subject = tracked.SubjectId };
                    }
                    else
                    {
                        Write(tracked, field, text);
                        current.Values[field] = text;
                    }

                    db.SaveChanges();
                }
            }

            Verify(saved);
        }

        Verify(saved);
    }

    private void Verify(List<Saved> saved)
    {
        foreach (var (id, isPupil, subject, values) in saved)
        {
            var columns = isPupil ? InheritanceTests<TContext>.PupilColumns(Mapping) : InheritanceTests<TContext>.TeacherColumns(Mapping);
            for (var i = 0; i < columns.Length; i++)
            {
                var raw = Raw(columns[i].Table, columns[i].Column, id);
                if (values[i] is null)
                {
                    Assert.Null(raw);
                }
                else
                {
                    Assert.StartsWith("hp1.", raw, StringComparison.Ordinal);
                    Assert.NotEqual(values[i], raw);
                }
            }

            using var scope = Provider.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var tracked = db.People.Single(p => p.Id == id);
            Assert.Equal((isPupil, subject), (tracked is InheritedPupil, tracked.SubjectId));
            Assert.Equal(values, Values(tracked));
            Assert.False(db.ChangeTracker.HasChanges());
            Assert.Equal(values, Values(db.People.AsNoTracking().Single(p => p.Id == id)));
            Assert.Equal(values, isPupil
                ? Values(db.People.AsNoTracking().OfType<InheritedPupil>().Single(p => p.Id == id))
                : Values(db.People.AsNoTracking().OfType<InheritedTeacher>().Single(p => p.Id == id)));
            var projected = db.People.Where(p => p.Id == id)
                .Select(p => new { p.Name, Diagnosis = ((InheritedPupil)p).Diagnosis, Phone = ((InheritedTeacher)p).Phone })
                .Single();
            Assert.Equal(values, isPupil ? [projected.Name, projected.Diagnosis] : [projected.Name, projected.Phone]);
            Assert.Null(isPupil ? projected.Phone : projected.Diagnosis);
        }
    }

    private static string?[] Values(InheritedPerson person) => person switch
    {
        InheritedPupil pupil => [pupil.Name, pupil.Diagnosis],
        InheritedTeacher teacher => [teacher.Name, teacher.Phone],
        _ => throw new ArgumentOutOfRangeException(nameof(person)),
    };

    private static void Write(InheritedPerson person, int field, string? text)
    {
        if (field == 0)
        {
            person.Name = text;
        }
        else if (person is InheritedPupil pupil)
        {
            pupil.Diagnosis = text;
        }
        else
        {
            ((InheritedTeacher)person).Phone = text;
        }
    }

    private string? Raw(string table, string column, Guid id)
    {
        using var scope = Provider.CreateScope();
        return scope.ServiceProvider.GetRequiredService<TContext>().Database
            .SqlQueryRaw<string?>($"SELECT \"{column}\" AS \"Value\" FROM \"{table}\" WHERE \"Id\" = {{0}}", id).Single();
    }
}

public sealed class SqliteTphInheritanceModelTests : InheritanceModelTests<TphInheritanceDbContext>
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

public sealed class SqliteTptInheritanceModelTests : InheritanceModelTests<TptInheritanceDbContext>
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

public sealed class SqliteTpcInheritanceModelTests : InheritanceModelTests<TpcInheritanceDbContext>
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
public sealed class PostgresTphInheritanceModelTests(PostgresFixture postgres) : InheritanceModelTests<TphInheritanceDbContext>
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;

    protected override InheritanceMapping Mapping => InheritanceMapping.TablePerHierarchy;

    protected override int Runs => 15;
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTptInheritanceModelTests(PostgresFixture postgres) : InheritanceModelTests<TptInheritanceDbContext>
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;

    protected override InheritanceMapping Mapping => InheritanceMapping.TablePerType;

    protected override int Runs => 15;
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTpcInheritanceModelTests(PostgresFixture postgres) : InheritanceModelTests<TpcInheritanceDbContext>
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;

    protected override InheritanceMapping Mapping => InheritanceMapping.TablePerConcreteType;

    protected override int Runs => 15;
}
