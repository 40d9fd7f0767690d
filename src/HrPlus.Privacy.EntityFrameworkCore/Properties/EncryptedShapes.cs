using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// The mapping shapes an encrypted property may have. Supported: a property (or a field only) of an entity type, of an
/// owned type in the owner's table or its own (<c>OwnsOne</c>, <c>OwnsMany</c>), and of a complex type (nested too)
/// that is a class. Refused when the model is built, naming the property and what works instead: the shapes whose
/// values the materializer and the save interceptor cannot reach as they reach the others.
/// </summary>
internal static class EncryptedShapes
{
    public static void ThrowIfUnsupported(IReadOnlyProperty property)
    {
        var name = $"'{Describe(property)}'";
        if (property.IsShadowProperty())
        {
            throw new InvalidOperationException(
                $"{name} is encrypted but is a shadow property: it has no CLR property or field to hold the decrypted value, so it cannot be decrypted like the others. " +
                "Map it to a field instead (a private field with HasField(\"_name\") or Property<string>(\"_name\") naming the field), or to a property.");
        }

        if (property.GetSubjectProperty() is { } subject && EncryptedPropertyAccessor.FindSubject(property, subject) is null)
        {
            throw EncryptedPropertyAnnotations.MissingSubject(property, subject);
        }

        if (property.FindAnnotation(BlindIndexAnnotations.Name) is not null
            && (property.DeclaringType is not IReadOnlyEntityType owner || owner.IsOwned()))
        {
            throw BlindIndexAnnotations.NotOnEntity(property);
        }

        if (property.IsIndexerProperty())
        {
            throw new InvalidOperationException(
                $"{name} is encrypted but is an indexer property (a property bag): map it to a CLR property or field of an entity, owned or complex type.");
        }

        for (var type = property.DeclaringType; type is IReadOnlyComplexType complex; type = complex.ComplexProperty.DeclaringType)
        {
            if (complex.ComplexProperty.IsCollection)
            {
                throw new InvalidOperationException(
                    $"{name} is encrypted inside the complex collection '{complex.ComplexProperty.Name}', whose elements are stored as a JSON document, which is not encrypted field by field. " +
                    "Map the elements as an owned collection (OwnsMany) in a table of its own, or encrypt a property of the entity instead.");
            }

            if (complex.ClrType.IsValueType)
            {
                throw new InvalidOperationException(
                    $"{name} is encrypted inside the complex type '{complex.ClrType.Name}', which is a struct: the decrypted value could not be written back into the entity's copy. " +
                    "Make the complex type a class (a record class works), or the property a property of the entity.");
            }
        }

        if (property.DeclaringType.IsMappedToJson())
        {
            throw new InvalidOperationException(
                $"{name} is encrypted inside '{property.DeclaringType.ClrType.Name}', which is mapped to a JSON column (ToJson()); values inside a JSON document are not encrypted field by field. " +
                "Remove ToJson() so the type's properties get columns of their own (a complex type or OwnsOne in the owner's table, OwnsMany in a table of its own), or encrypt a property of the entity instead.");
        }
    }

    /// <summary>The property's path from its entity, through complex types and owned navigations, e.g. <c>Pupil.Address.Street</c> or <c>Pupil.Contact.Phone</c>.</summary>
    public static string Describe(IReadOnlyProperty property)
    {
        var path = property.Name;
        var type = property.DeclaringType;
        while (true)
        {
            if (type is IReadOnlyComplexType complex)
            {
                path = $"{complex.ComplexProperty.Name}.{path}";
                type = complex.ComplexProperty.DeclaringType;
            }
            else if (type is IReadOnlyEntityType entity && entity.FindOwnership() is { PrincipalToDependent: { } navigation } ownership)
            {
                path = $"{navigation.Name}.{path}";
                type = ownership.PrincipalEntityType;
            }
            else
            {
                return $"{type.DisplayName()}.{path}";
            }
        }
    }
}
