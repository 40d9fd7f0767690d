using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>The base of a hierarchy: an encrypted property every person has.</summary>
public abstract class InheritedPerson
{
    public Guid Id { get; set; }

    public string SubjectId { get; set; } = "subject-1";

    public string Title { get; set; } = string.Empty;

    [Encrypted(Binding = EncryptionBinding.Row)]
    public string? Name { get; set; }
}

/// <summary>A derived type with a subject-bound encrypted property of its own.</summary>
public sealed class InheritedPupil : InheritedPerson
{
    [Encrypted(Binding = EncryptionBinding.Subject, SubjectProperty = nameof(SubjectId))]
    public string? Diagnosis { get; set; }
}

/// <summary>A second derived type, its encrypted property configured with the fluent API.</summary>
public sealed class InheritedTeacher : InheritedPerson
{
    public string? Phone { get; set; }
}

/// <summary>How the hierarchy is mapped to tables.</summary>
public enum InheritanceMapping
{
    /// <summary>One table for the hierarchy, with a discriminator (TPH).</summary>
    TablePerHierarchy,

    /// <summary>A table for the base and one per derived type, joined on the key (TPT).</summary>
    TablePerType,

    /// <summary>A table per concrete type, each with all of its columns (TPC).</summary>
    TablePerConcreteType,
}

/// <summary>The hierarchy mapped with <see cref="Mapping"/> (one context type per mapping: EF Core caches one model per context type).</summary>
public abstract class InheritanceDbContext(DbContextOptions options) : DbContext(options)
{
    public abstract InheritanceMapping Mapping { get; }

    public DbSet<InheritedPerson> People => Set<InheritedPerson>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseHrPlusPrivacy();
        var person = modelBuilder.Entity<InheritedPerson>();
        person.Property(p => p.Id).ValueGeneratedNever();
        modelBuilder.Entity<InheritedTeacher>().Property(t => t.Phone).IsEncrypted(EncryptionBinding.Row);
        modelBuilder.Entity<InheritedPupil>();
        switch (Mapping)
        {
            case InheritanceMapping.TablePerHierarchy:
                person.ToTable("People");
                break;
            case InheritanceMapping.TablePerType:
                person.UseTptMappingStrategy().ToTable("People");
                modelBuilder.Entity<InheritedPupil>().ToTable("InheritedPupils");
                modelBuilder.Entity<InheritedTeacher>().ToTable("InheritedTeachers");
                break;
            default:
                person.UseTpcMappingStrategy();
                modelBuilder.Entity<InheritedPupil>().ToTable("InheritedPupils");
                modelBuilder.Entity<InheritedTeacher>().ToTable("InheritedTeachers");
                break;
        }
    }
}

public sealed class TphInheritanceDbContext(DbContextOptions<TphInheritanceDbContext> options) : InheritanceDbContext(options)
{
    public override InheritanceMapping Mapping => InheritanceMapping.TablePerHierarchy;
}

public sealed class TptInheritanceDbContext(DbContextOptions<TptInheritanceDbContext> options) : InheritanceDbContext(options)
{
    public override InheritanceMapping Mapping => InheritanceMapping.TablePerType;
}

public sealed class TpcInheritanceDbContext(DbContextOptions<TpcInheritanceDbContext> options) : InheritanceDbContext(options)
{
    public override InheritanceMapping Mapping => InheritanceMapping.TablePerConcreteType;
}
