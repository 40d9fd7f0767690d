using System.Reflection;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.AccessLog;
using HrPlus.Privacy.EntityFrameworkCore.Audit;
using HrPlus.Privacy.EntityFrameworkCore.Breaches;
using HrPlus.Privacy.EntityFrameworkCore.Disclosures;
using HrPlus.Privacy.EntityFrameworkCore.Consent;
using HrPlus.Privacy.EntityFrameworkCore.Encryption;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds the HrPlus.Privacy tables to a model.</summary>
public static class PrivacyModelBuilderExtensions
{
    /// <summary>
    /// Adds the entities of HrPlus.Privacy (field keys, policy versions and texts, consent events, access records and IP statistics, audit entries, breach incidents, disclosures, subject blocks, erasures) to
    /// the model of your <see cref="DbContext"/>. Call it from <c>OnModelCreating</c>.
    /// </summary>
    public static ModelBuilder UseHrPlusPrivacy(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfiguration(new FieldKeyEntityConfiguration());
        modelBuilder.ApplyConfiguration(new PolicyVersionEntityConfiguration());
        modelBuilder.ApplyConfiguration(new PolicyTextEntityConfiguration());
        modelBuilder.ApplyConfiguration(new ConsentEventEntityConfiguration());
        modelBuilder.ApplyConfiguration(new AccessRecordEntityConfiguration());
        modelBuilder.ApplyConfiguration(new IpDailyStatisticEntityConfiguration());
        modelBuilder.ApplyConfiguration(new AuditEntryEntityConfiguration());
        modelBuilder.ApplyConfiguration(new SignedTreeHeadEntityConfiguration());
        modelBuilder.ApplyConfiguration(new BreachIncidentEntityConfiguration());
        modelBuilder.ApplyConfiguration(new DisclosureEntityConfiguration());
        modelBuilder.ApplyConfiguration(new DisclosureSubjectEntityConfiguration());
        modelBuilder.ApplyConfiguration(new HrPlus.Privacy.EntityFrameworkCore.Subjects.SubjectBlockEntityConfiguration());
        modelBuilder.ApplyConfiguration(new HrPlus.Privacy.EntityFrameworkCore.Subjects.ErasureEntityConfiguration());
        ApplyEncryptedAttributes(modelBuilder);
        return modelBuilder;
    }

    /// <summary>
    /// Adds the epoch-key table (<c>hrplus_epoch_keys</c>) to the model of a context of its own, for
    /// <c>PersistEpochKeysToDbContext&lt;TContext&gt;()</c>. Call it from that context's <c>OnModelCreating</c>, never
    /// together with <see cref="UseHrPlusPrivacy"/>: the epoch keys must live in a database of their own, whose backups are
    /// kept no longer than <c>BackupRetention</c>.
    /// </summary>
    public static ModelBuilder UseHrPlusPrivacyEpochKeys(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfiguration(new EpochKeyEntityConfiguration());
        return modelBuilder;
    }

    // [Encrypted] on a property of any entity already in the model (DbSet properties are discovered before
    // OnModelCreating), of its owned types and of its complex types (nested too), is the same as IsEncrypted() in its
    // configuration. Applied to the metadata itself: an owned type has no EntityTypeBuilder of its CLR type.
    private static void ApplyEncryptedAttributes(ModelBuilder modelBuilder)
    {
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().ToList())
        {
            // A type without a key that is not owned is, this early, usually one the app is about to map as a complex
            // type: configuring it here would keep it in the model as an entity type. The convention finds its attributes
            // once the model is complete.
            if (entityType.FindPrimaryKey() is not null || entityType.IsOwned())
            {
                Apply(entityType);
            }
        }

        static void Apply(Microsoft.EntityFrameworkCore.Metadata.IMutableTypeBase type)
        {
            foreach (var property in type.GetDeclaredProperties().ToList())
            {
                if (property.PropertyInfo?.GetCustomAttribute<EncryptedAttribute>() is { } attribute)
                {
                    HrPlus.Privacy.EntityFrameworkCore.Properties.EncryptedPropertyAnnotations.Apply(property, attribute.Binding, attribute.SubjectProperty, validateSubject: false);
                }
            }

            foreach (var complex in type.GetDeclaredComplexProperties().ToList())
            {
                Apply(complex.ComplexType);
            }
        }
    }
}
