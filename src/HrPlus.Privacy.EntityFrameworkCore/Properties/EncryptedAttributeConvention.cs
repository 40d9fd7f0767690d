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
            foreach (var property in entityType.GetDeclaredProperties())
            {
                if (property.GetEncryption() is null && property.PropertyInfo?.GetCustomAttribute<EncryptedAttribute>() is { } attribute)
                {
                    EncryptedPropertyAnnotations.Apply((IMutableProperty)property, attribute.Binding, attribute.SubjectProperty, hooked: true);
                }
                else if (property.GetEncryption() is not null)
                {
                    // This model belongs to contexts with the hook: values load to be decrypted by the materializer.
                    EncryptedPropertyAnnotations.SetGuard((IMutableProperty)property, hooked: true);
                }

                if (property.AcceptsLegacyPlaintext() && property.GetEncryption() is null)
                {
                    throw new InvalidOperationException(
                        $"'{entityType.DisplayName()}.{property.Name}' accepts legacy plaintext but is not encrypted: mark it IsEncrypted() or [Encrypted], or remove AcceptLegacyPlaintext().");
                }
            }
        }

        EncryptionNames.ThrowIfShared(modelBuilder.Metadata);
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
