using HrPlus.Privacy.EntityFrameworkCore.Properties;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Reads which parts of a model are encrypted, for tools that work on any app's context.</summary>
public static class EncryptedModelExtensions
{
    /// <summary>
    /// Gets the entity types of <paramref name="model"/> with at least one encrypted property (marked with
    /// <c>IsEncrypted()</c> or <c>[Encrypted]</c>), in the model's order: the types
    /// <see cref="EncryptedDataMigrationExtensions.MigrateEncryptedDataAsync{TEntity}"/> works on.
    /// </summary>
    /// <param name="model">The model, e.g. <c>context.Model</c>.</param>
    /// <returns>The entity types; empty when nothing is encrypted.</returns>
    public static IReadOnlyList<IEntityType> GetEncryptedEntityTypes(this IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [.. model.GetEntityTypes().Where(e => e.GetProperties().Any(p => p.GetEncryption() is not null))];
    }
}
