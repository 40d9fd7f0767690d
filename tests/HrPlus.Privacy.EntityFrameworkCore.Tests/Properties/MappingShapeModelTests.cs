using FsCheck;
using FsCheck.Fluent;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>
/// Model-based, over every mapping shape (complex type, nested complex type, subject-bound value in a complex type,
/// owned type in the owner's table, owned collection in its own table, backing field, field without a property):
/// random sequences of adds, tracked edits, disconnected <c>Update()</c> of an untracked copy and subject id changes.
/// After every step every encrypted column holds <c>hp1.</c> ciphertext (or NULL exactly where the saved value is
/// null), and tracked and untracked loads hold the last saved plaintext, with nothing reported as modified.
/// </summary>
public abstract class MappingShapeModelTests : CardDatabaseTests<ShapeDbContext>
{
    private const int Fields = 8;

    private static readonly string?[] Texts = [null, "a", "ул. Абая 10, кв 5", "hp1.AQAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "", "Ә"];

    private enum Kind
    {
        Add,
        EditTracked,
        UpdateDisconnected,
        ChangeSubject,
    }

    protected abstract int Runs { get; }

    [SkippableFact]
    public void RandomSessions_EveryShape_ColumnsHoldCiphertext_LoadsHoldTheSavedPlaintext()
    {
        _ = Provider.GetRequiredService<IFieldEncryptor>().Encrypt("warm-up", FieldContext.For("Shape", "WarmUp"));
        var step =
            from kind in Gen.Elements(Kind.Add, Kind.EditTracked, Kind.EditTracked, Kind.UpdateDisconnected, Kind.UpdateDisconnected, Kind.ChangeSubject)
            from row in Gen.Choose(0, 3)
            from field in Gen.Choose(0, Fields - 1)
            from value in Gen.Choose(0, Texts.Length - 1)
            select (kind, row, field, value);
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(Runs).WithEndSize(12),
            Prop.ForAll(Arb.From(step.ArrayOf()), steps => Run(steps)));
    }

    private void Run((Kind Kind, int Row, int Field, int Value)[] steps)
    {
        using (var scope = Provider.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<ShapeDbContext>().Pupils.ExecuteDelete();
        }

        var saved = new List<(Guid Id, string Subject, string?[] Values)>();
        foreach (var (kind, row, field, value) in steps)
        {
            var text = Texts[value];
            if (kind == Kind.Add || saved.Count == 0)
            {
                var pupil = MappingShapeTests<ShapeDbContext>.NewPupil($"{saved.Count}");
                Write(pupil, field, text);
                using var scope = Provider.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<ShapeDbContext>();
                db.Pupils.Add(pupil);
                db.SaveChanges();
                saved.Add((pupil.Id, pupil.SubjectId, MappingShapeTests<ShapeDbContext>.PlaintextOf(pupil)));
            }
            else
            {
                var (id, subject, values) = saved[row % saved.Count];
                using var scope = Provider.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<ShapeDbContext>();
                if (kind == Kind.UpdateDisconnected)
                {
                    var copy = db.Pupils.AsNoTracking().Single(p => p.Id == id);
                    Write(copy, field, text);
                    using var other = Provider.CreateScope();
                    var writer = other.ServiceProvider.GetRequiredService<ShapeDbContext>();
                    writer.Update(copy);
                    writer.SaveChanges();
                    values[field] = text;
                }
                else
                {
                    var tracked = db.Pupils.Single(p => p.Id == id);
                    if (kind == Kind.ChangeSubject)
                    {
                        subject = tracked.SubjectId = $"subject-{value}";
                        saved[row % saved.Count] = (id, subject, values);
                    }
                    else
                    {
                        Write(tracked, field, text);
                        values[field] = text;
                    }

                    db.SaveChanges();
                }
            }

            Verify(saved);
        }
    }

    private void Verify(List<(Guid Id, string Subject, string?[] Values)> saved)
    {
        foreach (var (id, subject, values) in saved)
        {
            for (var i = 0; i < MappingShapeTests<ShapeDbContext>.Columns.Length; i++)
            {
                var (table, column, key) = MappingShapeTests<ShapeDbContext>.Columns[i];
                var raw = Raw(table, column, key, id);
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
            var db = scope.ServiceProvider.GetRequiredService<ShapeDbContext>();
            var tracked = db.Pupils.Single(p => p.Id == id);
            Assert.Equal(values, MappingShapeTests<ShapeDbContext>.PlaintextOf(tracked));
            Assert.Equal(subject, tracked.SubjectId);
            Assert.False(db.ChangeTracker.HasChanges());
            Assert.Equal(values, MappingShapeTests<ShapeDbContext>.PlaintextOf(db.Pupils.AsNoTracking().Single(p => p.Id == id)));
        }
    }

    private string? Raw(string table, string column, string key, Guid id)
    {
        using var scope = Provider.CreateScope();
        return scope.ServiceProvider.GetRequiredService<ShapeDbContext>().Database
            .SqlQueryRaw<string?>($"SELECT \"{column}\" AS \"Value\" FROM \"{table}\" WHERE \"{key}\" = {{0}}", id).Single();
    }

    private static void Write(ShapePupil pupil, int field, string? text)
    {
        switch (field)
        {
            case 0: pupil.Address.Street = text; break;
            case 1: pupil.Address.City = text; break;
            case 2: pupil.Address.Remark = text; break;
            case 3: pupil.Address.Flat.Number = text; break;
            case 4: pupil.Contact.Phone = text; break;
            case 5: pupil.Diagnose(text); break;
            case 6: pupil.WriteSecret(text); break;
            default: pupil.Guardians[0].Name = text; break;
        }
    }
}

public sealed class SqliteMappingShapeModelTests : MappingShapeModelTests
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    protected override int Runs => 40;

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresMappingShapeModelTests(PostgresFixture postgres) : MappingShapeModelTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;

    protected override int Runs => 20;
}
