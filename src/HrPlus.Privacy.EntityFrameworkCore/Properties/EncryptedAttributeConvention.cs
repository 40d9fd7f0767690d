using System.Reflection;
using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// Finds <see cref="EncryptedAttribute"/> on every property when the model is finalized, wherever and whenever its
/// entity was configured (after <c>UseHrPlusPrivacy()</c>, without a <c>DbSet</c>, in a configuration class).
/// </summary>
/// <remarks>
/// Runs first among the finalizing conventions, so column lengths and type mappings see the encryption. It exists only
/// in contexts with <c>UseHrPlusPrivacy(serviceProvider)</c>, so it also gives their encrypted properties the column
/// guard that lets stored values through to be decrypted (EF Core builds and caches one model per such set of options).
/// </remarks>
internal sealed class EncryptedAttributeConvention : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes())
        {
            Process(entityType);
        }

        EncryptionNames.ThrowIfShared(modelBuilder.Metadata);
    }

    // The type's own properties, then those of its complex properties (nested too): where any of them is encrypted,
    // the shape must be one whose values the materializer and the save interceptor reach.
    private static void Process(IConventionTypeBase type)
    {
        // An entity type without a key that is not owned is, among the first finalizing conventions, often a type the
        // app mapped as a complex type elsewhere and that later conventions remove; a keyless type that stays is
        // validated by EF Core, and a row-bound property on it fails at save with its own message.
        var settled = type is not IConventionEntityType entity || entity.FindPrimaryKey() is not null || entity.IsOwned();
        foreach (var property in type.GetDeclaredProperties())
        {
            if (property.GetEncryption() is null && property.PropertyInfo?.GetCustomAttribute<EncryptedAttribute>() is { } attribute)
            {
                EncryptedPropertyAnnotations.Apply((IMutableProperty)property, attribute.Binding, attribute.SubjectProperty, hooked: true, validateSubject: settled);
            }
            else if (property.GetEncryption() is not null)
            {
                // This model belongs to contexts with the hook: values load to be decrypted by the materializer.
                EncryptedPropertyAnnotations.SetGuard((IMutableProperty)property, hooked: true);
            }

            if (property.AcceptsLegacyPlaintext() && property.GetEncryption() is null)
            {
                throw new InvalidOperationException(
                    $"'{type.DisplayName()}.{property.Name}' accepts legacy plaintext but is not encrypted: mark it IsEncrypted() or [Encrypted], or remove AcceptLegacyPlaintext().");
            }

            if (settled && property.GetEncryption() is not null)
            {
                EncryptedShapes.ThrowIfUnsupported(property);
            }
        }

        foreach (var complex in type.GetDeclaredComplexProperties())
        {
            Process(complex.ComplexType);
        }

    }
}

/// <summary>Adds <see cref="EncryptedAttributeConvention"/> to the conventions of contexts that use HrPlus.Privacy.</summary>
internal sealed class EncryptedPropertyConventionSetPlugin : IConventionSetPlugin
{
    public ConventionSet ModifyConventions(ConventionSet conventionSet)
    {
        conventionSet.ModelFinalizingConventions.Insert(0, new EncryptedAttributeConvention());
        return conventionSet;
    }
}
