using System.Data.Common;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

public sealed class Pupil
{
    public Guid Id { get; set; }

    [Encrypted(Binding = EncryptionBinding.Row)]
    public string FullName { get; set; } = string.Empty;

    public string? Iin { get; set; }

    public string? Phone { get; set; }

    public string SubjectId { get; set; } = "subject-0";

    [Encrypted(Binding = EncryptionBinding.Subject, SubjectProperty = nameof(SubjectId))]
    public string? Note { get; set; }

    public byte[]? Photo { get; set; }

    public string? Email { get; set; }

    public string? Code { get; set; }
}

public sealed class SchoolDbContext(DbContextOptions<SchoolDbContext> options) : DbContext(options)
{
    public DbSet<Pupil> Pupils => Set<Pupil>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseHrPlusPrivacy();
        var pupil = modelBuilder.Entity<Pupil>();
        pupil.Property(p => p.Iin).IsEncrypted();
        pupil.Property(p => p.Photo).IsEncrypted(EncryptionBinding.Row);
        pupil.Property(p => p.Email).HasMaxLength(64).IsEncrypted();     // 64 characters of plaintext
        pupil.Property(p => p.Code).IsEncrypted().HasMaxLength(12);      // too short for any ciphertext
    }
}

/// <summary>Encrypted properties through a real database: the column never holds plaintext.</summary>
public abstract class EncryptedPropertyTests : IDisposable
{
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("hrplus-dp-");
    private ServiceProvider? _provider;

    protected abstract DatabaseProvider Database { get; }

    public virtual void Dispose()
    {
        _provider?.Dispose();
        _keys.Delete(recursive: true);
    }

    [SkippableFact]
    public async Task SaveAndLoad_ColumnHoldsCiphertext_EntityHoldsPlaintext()
    {
        var pupil = new Pupil { Id = Guid.NewGuid(), FullName = "Әлихан Бекұлы", Iin = "100412500013", Phone = "+77011234567" };
        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            db.Pupils.Add(pupil);
            await db.SaveChangesAsync();

            // The app's own instance keeps the plaintext and is not left modified.
            Assert.Equal("Әлихан Бекұлы", pupil.FullName);
            Assert.Equal("100412500013", pupil.Iin);
            Assert.Equal(EntityState.Unchanged, db.Entry(pupil).State);
        }

        var raw = await ReadRawAsync(pupil.Id);
        Assert.StartsWith("hp1.", raw.FullName, StringComparison.Ordinal);
        Assert.StartsWith("hp1.", raw.Iin, StringComparison.Ordinal);
        Assert.DoesNotContain("Әлихан", raw.FullName, StringComparison.Ordinal);
        Assert.DoesNotContain("100412500013", raw.Iin, StringComparison.Ordinal);
        Assert.Equal("+77011234567", raw.Phone);

        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            var loaded = await db.Pupils.SingleAsync(p => p.Id == pupil.Id);

            Assert.Equal("Әлихан Бекұлы", loaded.FullName);
            Assert.Equal("100412500013", loaded.Iin);
            db.ChangeTracker.DetectChanges();
            Assert.Equal(EntityState.Unchanged, db.Entry(loaded).State);
            Assert.Equal(0, await db.SaveChangesAsync());
        }

        // Nothing was rewritten by loading and saving.
        Assert.Equal(raw, await ReadRawAsync(pupil.Id));
    }

    [SkippableFact]
    public async Task Update_ReencryptsOnlyTheChangedProperty_NullStaysNull()
    {
        var pupil = new Pupil { Id = Guid.NewGuid(), FullName = "Алина Иванова", Iin = null };
        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            db.Pupils.Add(pupil);
            await db.SaveChangesAsync();
        }

        var before = await ReadRawAsync(pupil.Id);
        Assert.Null(before.Iin);

        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            var loaded = await db.Pupils.SingleAsync(p => p.Id == pupil.Id);
            loaded.Iin = "100412500400";
            Assert.Equal(1, await db.SaveChangesAsync());
            Assert.Equal("100412500400", loaded.Iin);
        }

        var after = await ReadRawAsync(pupil.Id);
        Assert.Equal(before.FullName, after.FullName);
        Assert.StartsWith("hp1.", after.Iin, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RowBoundCiphertext_CopiedToAnotherRow_FailsToLoad()
    {
        var first = new Pupil { Id = Guid.NewGuid(), FullName = "Бірінші" };
        var second = new Pupil { Id = Guid.NewGuid(), FullName = "Екінші" };
        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            db.Pupils.AddRange(first, second);
            await db.SaveChangesAsync();
        }

        var firstRaw = await ReadRawAsync(first.Id);
        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            await db.Database.ExecuteSqlAsync($"UPDATE \"Pupils\" SET \"FullName\" = {firstRaw.FullName} WHERE \"Id\" = {second.Id}");
        }

        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            var ex = await Assert.ThrowsAsync<FieldDecryptionException>(() => db.Pupils.SingleAsync(p => p.Id == second.Id));
            Assert.Equal(FieldDecryptionFailureReason.Tampered, ex.Reason);
        }
    }

    [SkippableFact]
    public async Task SubjectBoundCiphertext_MovesWithinTheSubject_ButNotToAnotherSubject()
    {
        var first = new Pupil { Id = Guid.NewGuid(), FullName = "A", SubjectId = "subject-1", Note = "Ескертпе" };
        var sameSubject = new Pupil { Id = Guid.NewGuid(), FullName = "B", SubjectId = "subject-1" };
        var otherSubject = new Pupil { Id = Guid.NewGuid(), FullName = "C", SubjectId = "subject-2" };
        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            db.Pupils.AddRange(first, sameSubject, otherSubject);
            await db.SaveChangesAsync();
            // Raw SQL: a projection of the property gives its plaintext.
            var note = await db.Database.SqlQuery<string>($"SELECT \"Note\" AS \"Value\" FROM \"Pupils\" WHERE \"Id\" = {first.Id}").SingleAsync();
            await db.Database.ExecuteSqlAsync($"UPDATE \"Pupils\" SET \"Note\" = {note} WHERE \"Id\" IN ({sameSubject.Id}, {otherSubject.Id})");
        }

        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            Assert.Equal("Ескертпе", (await db.Pupils.SingleAsync(p => p.Id == sameSubject.Id)).Note);
            var ex = await Assert.ThrowsAsync<FieldDecryptionException>(() => db.Pupils.SingleAsync(p => p.Id == otherSubject.Id));
            Assert.Equal(FieldDecryptionFailureReason.Tampered, ex.Reason);
        }
    }

    [SkippableFact]
    public async Task Binary_ColumnHoldsTheBinaryForm_EvenForPlaintextThatLooksLikeIt()
    {
        byte[] photo = [FieldCiphertext.Version, 0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Range(0, 64).Select(i => (byte)i)];
        var pupil = new Pupil { Id = Guid.NewGuid(), FullName = "Дана", Photo = photo };
        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            db.Pupils.Add(pupil);
            await db.SaveChangesAsync();
            Assert.Same(photo, pupil.Photo);
        }

        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            var stored = await db.Database.SqlQuery<byte[]>($"SELECT \"Photo\" AS \"Value\" FROM \"Pupils\" WHERE \"Id\" = {pupil.Id}").SingleAsync();
            Assert.Equal(FieldCiphertext.Overhead + photo.Length, stored.Length);
            Assert.Equal(FieldCiphertext.Version, stored[0]);
            Assert.False(stored.AsSpan().IndexOf(photo.AsSpan(1, 16)) >= 0);
            Assert.Equal(photo, (await db.Pupils.SingleAsync(p => p.Id == pupil.Id)).Photo);
        }
    }

    [SkippableFact]
    public void MaxLength_SetBeforeIsEncrypted_IsWidenedToTheCiphertext()
    {
        using var scope = Provider.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<SchoolDbContext>().Model.FindEntityType(typeof(Pupil))!;

        Assert.Equal(FieldCiphertext.GetTextLength(64 * 3), model.FindProperty(nameof(Pupil.Email))!.GetMaxLength());
        Assert.Equal(304, model.FindProperty(nameof(Pupil.Email))!.GetMaxLength());
        Assert.Null(model.FindProperty(nameof(Pupil.Iin))!.GetMaxLength());
    }

    [SkippableFact]
    public async Task MaxLength_WidenedColumn_HoldsTheLongestPlaintext()
    {
        var pupil = new Pupil { Id = Guid.NewGuid(), FullName = "Ә", Email = new string('ә', 64) };
        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            db.Pupils.Add(pupil);
            await db.SaveChangesAsync();
        }

        using (var scope = Provider.CreateScope())
        {
            Assert.Equal(new string('ә', 64), (await scope.ServiceProvider.GetRequiredService<SchoolDbContext>().Pupils.SingleAsync(p => p.Id == pupil.Id)).Email);
        }
    }

    [SkippableFact]
    public async Task MaxLength_SetAfterIsEncrypted_FailsAtSaveWithoutTheValue_AndLeavesPlaintext()
    {
        var pupil = new Pupil { Id = Guid.NewGuid(), FullName = "Әлихан", Code = "SECRET-CODE" };
        using var scope = Provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
        db.Pupils.Add(pupil);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        Assert.Contains("'Pupil.Code'", error.Message, StringComparison.Ordinal);
        Assert.Contains("allows 12", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
        Assert.Equal("Әлихан", pupil.FullName);
        Assert.Equal("SECRET-CODE", pupil.Code);
        Assert.Equal(0, await db.Pupils.CountAsync());
    }

    [SkippableFact]
    public async Task Migrate_GuidKeys_PageByOffset_AndMoveEveryValueToTheNewKey()
    {
        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            for (var i = 0; i < 5; i++)
            {
                db.Pupils.Add(new Pupil { Id = Guid.NewGuid(), FullName = $"Оқушы {i}", Iin = "100412500013", Photo = [(byte)i] });
            }

            await db.SaveChangesAsync();
        }

        var current = (await Provider.GetRequiredService<IFieldKeyRing>().RotateAsync()).Id;
        using (var scope = Provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
            var result = await db.MigrateEncryptedDataAsync<Pupil>(batchSize: 2);

            Assert.Equal(new EncryptionMigrationProgress("Pupil", 5, 0, 15, 0), result);
            var names = await db.Database.SqlQuery<string>($"SELECT \"FullName\" AS \"Value\" FROM \"Pupils\"").ToListAsync();
            Assert.Equal(5, names.Count);
            Assert.All(names, n => Assert.True(FieldCiphertext.TryGetKeyId(n, out var id) && id == current));
            Assert.Equal(new EncryptionMigrationProgress("Pupil", 0, 0, 0, 0), await db.MigrateEncryptedDataAsync<Pupil>(batchSize: 2));
        }
    }

    private ServiceProvider Provider => _provider ??= Build();

    private ServiceProvider Build()
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_keys).SetApplicationName("hrplus-ef-tests");
        // One context for the app's tables and the SDK's, as a host app would have it.
        services.AddDbContext<SchoolDbContext>((sp, o) => Database.Configure(o.UseHrPlusPrivacy(sp)));
        services.AddHrPlusPrivacy().UseEntityFrameworkCoreStores<SchoolDbContext>();
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<SchoolDbContext>().Database.EnsureCreated();
        return provider;
    }

    private async Task<(string FullName, string? Iin, string? Phone)> ReadRawAsync(Guid id)
    {
        using var scope = Provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolDbContext>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"FullName\", \"Iin\", \"Phone\" FROM \"Pupils\" WHERE \"Id\" = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = Database is SqliteProvider ? id.ToString().ToUpperInvariant() : id;
        command.Parameters.Add(parameter);
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }
}

public sealed class SqliteEncryptedPropertyTests : EncryptedPropertyTests
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
public sealed class PostgresEncryptedPropertyTests(PostgresFixture postgres) : EncryptedPropertyTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
