using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>A pupil whose encrypted values sit in every mapping shape EF Core offers besides a plain property.</summary>
public sealed class ShapePupil
{
    private string? _secret;
    private string? _diagnosis;

    public Guid Id { get; set; }

    public string SubjectId { get; set; } = "subject-1";

    public string Title { get; set; } = string.Empty;

    /// <summary>A complex type in the pupil's row, with a nested complex type.</summary>
    public ShapeAddress Address { get; set; } = new();

    /// <summary>An owned type in the pupil's row (OwnsOne).</summary>
    public ShapeContact Contact { get; set; } = new();

    /// <summary>An owned collection in a table of its own (OwnsMany).</summary>
    public List<ShapeGuardian> Guardians { get; set; } = [];

    /// <summary>A read-only property over a backing field (PropertyAccessMode.Field).</summary>
    public string? Diagnosis => _diagnosis;

    public void Diagnose(string? diagnosis) => _diagnosis = diagnosis;

    /// <summary>A field with no CLR property at all (mapped with HasField).</summary>
    public string? ReadSecret() => _secret;

    public void WriteSecret(string? secret) => _secret = secret;
}

public sealed class ShapeAddress
{
    [Encrypted(Binding = EncryptionBinding.Row)]
    public string? Street { get; set; }

    /// <summary>Encrypted with the fluent API.</summary>
    public string? City { get; set; }

    [Encrypted(Binding = EncryptionBinding.Subject, SubjectProperty = nameof(ShapePupil.SubjectId))]
    public string? Remark { get; set; }

    public ShapeFlat Flat { get; set; } = new();
}

public sealed class ShapeFlat
{
    [Encrypted(Binding = EncryptionBinding.Row)]
    public string? Number { get; set; }

    public int Floor { get; set; }
}

public sealed class ShapeContact
{
    [Encrypted(Binding = EncryptionBinding.Row)]
    public string? Phone { get; set; }

    public string? Kind { get; set; }
}

public sealed class ShapeGuardian
{
    public Guid Id { get; set; }

    [Encrypted(Binding = EncryptionBinding.Row)]
    public string? Name { get; set; }

    public string Relation { get; set; } = string.Empty;
}

/// <summary>
/// The shapes configured with <c>UseHrPlusPrivacy()</c> first (<see cref="ShapeOrder.PrivacyFirst"/>) or last: the
/// attributes and the fluent calls must give one model either way.
/// </summary>
public enum ShapeOrder
{
    PrivacyFirst,
    PrivacyLast,
}

public class ShapeDbContext(DbContextOptions options) : DbContext(options)
{
    protected virtual ShapeOrder Order => ShapeOrder.PrivacyFirst;

    public DbSet<ShapePupil> Pupils => Set<ShapePupil>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (Order == ShapeOrder.PrivacyFirst)
        {
            modelBuilder.UseHrPlusPrivacy();
        }

        modelBuilder.Entity<ShapePupil>(pupil =>
        {
            pupil.Property(p => p.Id).ValueGeneratedNever();
            pupil.ComplexProperty(p => p.Address, address =>
            {
                address.Property(a => a.City).IsEncrypted(EncryptionBinding.Row);
                address.ComplexProperty(a => a.Flat);
            });
            pupil.OwnsOne(p => p.Contact);
            pupil.OwnsMany(p => p.Guardians, guardian =>
            {
                guardian.ToTable("ShapeGuardians");
                guardian.HasKey(g => g.Id);
                guardian.Property(g => g.Id).ValueGeneratedNever();
            });
            pupil.Property(p => p.Diagnosis).IsEncrypted(EncryptionBinding.Row).HasField("_diagnosis").UsePropertyAccessMode(PropertyAccessMode.Field);
            pupil.Property<string?>("_secret").IsEncrypted(EncryptionBinding.Row);
        });

        if (Order == ShapeOrder.PrivacyLast)
        {
            modelBuilder.UseHrPlusPrivacy();
        }
    }
}

/// <summary>The same shapes with <c>UseHrPlusPrivacy()</c> called after them.</summary>
public sealed class LateShapeDbContext(DbContextOptions<LateShapeDbContext> options) : ShapeDbContext(options)
{
    protected override ShapeOrder Order => ShapeOrder.PrivacyLast;
}
