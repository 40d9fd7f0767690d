using System.Reflection;
using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>The entity name an entity type's encrypted values are bound to.</summary>
internal static class EncryptionNames
{
    public const string Annotation = "HrPlus:EncryptionName";

    /// <summary>The name set with <c>HasEncryptionName</c>, else <see cref="EncryptionNameAttribute"/>, else the CLR type's short name.</summary>
    public static string Of(IReadOnlyTypeBase type) =>
        type.FindAnnotation(Annotation)?.Value as string
        ?? type.ClrType.GetCustomAttribute<EncryptionNameAttribute>(inherit: false)?.Name
        ?? type.ClrType.Name;

    /// <summary>
    /// The entity and field names the values of <paramref name="property"/> are bound to. A property of a complex type
    /// belongs to the entity that contains it, and an owned type's (without a name of its own) to its owner: the field is
    /// the path to it (<c>("Pupil", "Address.Street")</c>), so two owners of one value type never bind the same names.
    /// </summary>
    public static (string Entity, string Field) Of(IReadOnlyProperty property)
    {
        var field = property.Name;
        var type = property.DeclaringType;
        while (type is IReadOnlyComplexType complex)
        {
            field = $"{complex.ComplexProperty.Name}.{field}";
            type = complex.ComplexProperty.DeclaringType;
        }

        while (type is IReadOnlyEntityType { } entity && entity.FindOwnership() is { PrincipalToDependent: { } navigation } ownership
            && entity.FindAnnotation(Annotation) is null && entity.ClrType.GetCustomAttribute<EncryptionNameAttribute>(inherit: false) is null)
        {
            field = $"{navigation.Name}.{field}";
            type = ownership.PrincipalEntityType;
        }

        return (Of(type), field);
    }

    /// <summary>Refuses a model in which two entity types with encrypted properties would bind one name.</summary>
    public static void ThrowIfShared(IReadOnlyModel model)
    {
        var clash = model.GetEntityTypes()
            .Where(t => !t.IsOwned() && t.GetDeclaredProperties().Any(p => p.GetEncryption() is not null))
            .GroupBy(t => Of(t), StringComparer.Ordinal)
            .FirstOrDefault(g => g.Select(t => t.ClrType).Distinct().Count() > 1);
        if (clash is not null)
        {
            var types = string.Join(" and ", clash.Select(t => t.ClrType.FullName).Distinct());
            throw new InvalidOperationException(
                $"The entity types {types} would bind their encrypted values to one name, '{clash.Key}', so each could read the other's values. " +
                "Give each a stored name of its own: [EncryptionName(\"...\")] on the class, or modelBuilder.Entity<T>().HasEncryptionName(\"...\"). " +
                "Keep the name an existing type already stores under (its short class name), or its stored values become unreadable.");
        }
    }
}
