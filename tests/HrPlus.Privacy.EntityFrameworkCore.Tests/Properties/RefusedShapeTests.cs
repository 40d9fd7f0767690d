using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>The shapes whose encrypted values could not be reached like the others are refused when the model is built.</summary>
public sealed class RefusedShapeTests : IDisposable
{
    private readonly SqliteProvider _database = new();
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("hrplus-dp-");

    public void Dispose()
    {
        _database.Dispose();
        _keys.Delete(recursive: true);
    }

    [Fact]
    public void ShadowProperty_Encrypted_IsRefusedWhenTheModelIsBuilt()
    {
        var error = Build(b => b.Entity<RefusedHolder>().Property<string>("Hidden").IsEncrypted());
        Assert.Equal(
            "'RefusedHolder.Hidden' is encrypted but is a shadow property: it has no CLR property or field to hold the decrypted value, so it cannot be decrypted like the others. Map it to a field instead (a private field with HasField(\"_name\") or Property<string>(\"_name\") naming the field), or to a property.",
            error.Message);
    }

    [Fact]
    public void OwnedTypeMappedToJson_WithAnEncryptedProperty_IsRefusedWhenTheModelIsBuilt()
    {
        var error = Build(b => b.Entity<RefusedHolder>().OwnsOne(h => h.Contact, c => c.ToJson()));
        Assert.Equal(
            "'RefusedHolder.Contact.Phone' is encrypted inside 'ShapeContact', which is mapped to a JSON column (ToJson()); values inside a JSON document are not encrypted field by field. Remove ToJson() so the type's properties get columns of their own (a complex type or OwnsOne in the owner's table, OwnsMany in a table of its own), or encrypt a property of the entity instead.",
            error.Message);
    }

    [Fact]
    public void ComplexCollection_WithAnEncryptedProperty_IsRefusedWhenTheModelIsBuilt()
    {
        var error = Build(b => b.Entity<RefusedHolder>().ComplexCollection(h => h.Contacts, c => c.ToJson()));
        Assert.Equal(
            "'RefusedHolder.Contacts.Phone' is encrypted inside the complex collection 'Contacts', whose elements are stored as a JSON document, which is not encrypted field by field. Map the elements as an owned collection (OwnsMany) in a table of its own, or encrypt a property of the entity instead.",
            error.Message);
    }

    [Fact]
    public void StructComplexType_WithAnEncryptedProperty_IsRefusedWhenTheModelIsBuilt()
    {
        var error = Build(b => b.Entity<RefusedHolder>().ComplexProperty(h => h.Point));
        Assert.Equal(
            "'RefusedHolder.Point.Label' is encrypted inside the complex type 'RefusedPoint', which is a struct: the decrypted value could not be written back into the entity's copy. Make the complex type a class (a record class works), or the property a property of the entity.",
            error.Message);
    }

    private const string NoBlindIndex = "and blind indexes are kept and searched (WhereBlindIndexMatches, FindByEncryptedValueAsync) for properties of an entity type itself. Map the value as a property of the entity to search it by value, or remove HasBlindIndex.";

    [Fact]
    public void BlindIndex_OnAPropertyOfAComplexType_IsRefusedWithTheReason_NotAnInvalidCast()
    {
#pragma warning disable EF1001 // the builder a complex type's property is reached with by a host that wraps it as a PropertyBuilder
        var error = Build(b => b.Entity<RefusedHolder>().ComplexProperty(h => h.Contact, c =>
            new Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder(c.Property(x => x.Phone).IsEncrypted(EncryptionBinding.Row).Metadata)
                .HasBlindIndex("PhoneIndex", BlindIndexNormalization.Phone, 8)));
#pragma warning restore EF1001
        Assert.Equal($"'RefusedHolder.Contact.Phone' cannot have a blind index: it is a property of the complex type 'ShapeContact', {NoBlindIndex}", error.Message);
    }

    [Fact]
    public void BlindIndex_AnnotatedOnAPropertyOfAComplexType_IsRefusedWhenTheModelIsBuilt()
    {
        var error = Build(b => b.Entity<RefusedHolder>().ComplexProperty(h => h.Contact, c =>
            c.Property(x => x.Phone).IsEncrypted(EncryptionBinding.Row).HasAnnotation("HrPlus:BlindIndex", "PhoneIndex|2|8|RefusedHolder.PhoneIndex")));
        Assert.Equal($"'RefusedHolder.Contact.Phone' cannot have a blind index: it is a property of the complex type 'ShapeContact', {NoBlindIndex}", error.Message);
    }

    [Fact]
    public void BlindIndex_OnAPropertyOfAnOwnedType_IsRefused()
    {
        var error = Build(b => b.Entity<RefusedHolder>().OwnsOne(h => h.Contact, c =>
            c.Property(x => x.Phone).IsEncrypted(EncryptionBinding.Row).HasBlindIndex("PhoneIndex", BlindIndexNormalization.Phone, 8)));
        Assert.Equal($"'RefusedHolder.Contact.Phone' cannot have a blind index: it is a property of the owned type 'ShapeContact', {NoBlindIndex}", error.Message);
    }

    private InvalidOperationException Build(Action<ModelBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_keys).SetApplicationName("hrplus-ef-tests");
        services.AddHrPlusPrivacy();
        using var provider = services.BuildServiceProvider();
        var options = new DbContextOptionsBuilder<RefusedDbContext>();
        _database.Configure(options.UseHrPlusPrivacy(provider));
        using var db = new RefusedDbContext(options.Options, configure);
        return Assert.Throws<InvalidOperationException>(() => db.Model);
    }
}

public sealed class RefusedHolder
{
    public Guid Id { get; set; }

    public ShapeContact Contact { get; set; } = new();

    public List<ShapeContact> Contacts { get; set; } = [];

    public RefusedPoint Point { get; set; }
}

public struct RefusedPoint
{
    [Encrypted]
    public string? Label { get; set; }
}

public sealed class RefusedDbContext(DbContextOptions<RefusedDbContext> options, Action<ModelBuilder> configure) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RefusedHolder>(h =>
        {
            h.Ignore(x => x.Contact);
            h.Ignore(x => x.Contacts);
            h.Ignore(x => x.Point);
        });
        configure(modelBuilder);
        modelBuilder.UseHrPlusPrivacy();
    }
}
