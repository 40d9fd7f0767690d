using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Marks entity properties as encrypted at rest with HrPlus.Privacy.</summary>
public static class EncryptedPropertyBuilderExtensions
{
    /// <summary>
    /// Stores this property encrypted and decrypts it on load; null stays null. A <see cref="string"/> is stored as
    /// <c>hp1.</c> text, a <see cref="byte"/> array as the binary v1 form. Needs <c>UseHrPlusPrivacy(serviceProvider)</c>
    /// on the context options.
    /// </summary>
    /// <param name="builder">The property.</param>
    /// <param name="binding">What the ciphertext is bound to besides entity and field.</param>
    /// <param name="subjectProperty">With <see cref="EncryptionBinding.Subject"/>: the property holding the subject id.</param>
    /// <remarks>
    /// Queries cannot compare encrypted columns with plaintext; search through a blind index instead. A maximum
    /// length set before this call is taken as the plaintext's (in characters, or bytes for binary) and the column's is
    /// widened to the ciphertext's; without one the column is unbounded (<c>TEXT</c>, <c>text</c>, <c>bytea</c>). A
    /// maximum length set afterwards that cannot hold any ciphertext is reported at the first save.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The property is neither a string nor a byte array, or the subject property is missing.</exception>
    public static PropertyBuilder IsEncrypted(this PropertyBuilder builder, EncryptionBinding binding = EncryptionBinding.None, string? subjectProperty = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var isText = builder.Metadata.ClrType == typeof(string);
        if (!isText && builder.Metadata.ClrType != typeof(byte[]))
        {
            throw new InvalidOperationException($"Only string and byte[] properties can be encrypted; '{builder.Metadata.DeclaringType.DisplayName()}.{builder.Metadata.Name}' is {builder.Metadata.ClrType.Name}.");
        }

        if (builder.Metadata.GetEncryption() is null && builder.Metadata.GetMaxLength() is { } plaintextLength)
        {
            // A string's length is in characters; UTF-8 takes at most 3 bytes for each UTF-16 code unit.
            builder.HasMaxLength(isText
                ? FieldCiphertext.GetTextLength(checked(plaintextLength * 3))
                : FieldCiphertext.GetCiphertextLength(plaintextLength));
        }

        if (binding == EncryptionBinding.Subject)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(subjectProperty);
            if (builder.Metadata.DeclaringType.FindProperty(subjectProperty) is null)
            {
                throw new InvalidOperationException($"'{builder.Metadata.DeclaringType.DisplayName()}' has no property '{subjectProperty}' to bind '{builder.Metadata.Name}' to.");
            }

            builder.HasAnnotation(EncryptedPropertyAnnotations.SubjectPropertyName, subjectProperty);
        }

        builder.HasAnnotation(EncryptedPropertyAnnotations.Name, (int)binding);
        return builder;
    }

    /// <summary>
    /// Keeps a blind index of this encrypted property in the string property <paramref name="indexProperty"/> (a
    /// shadow property is added, with a database index, when the entity does not declare one), updated on every
    /// insert and update, so rows can be found by value with <c>WhereBlindIndexMatches</c> or
    /// <c>FindByEncryptedValueAsync</c>.
    /// </summary>
    /// <param name="builder">An encrypted string property.</param>
    /// <param name="indexProperty">The property that stores the index, e.g. <c>"IinIndex"</c>.</param>
    /// <param name="normalization">How values are normalized before hashing.</param>
    /// <param name="bits">The index length in bits; <c>BlindIndexPlanner.Suggest</c> helps to choose it.</param>
    /// <exception cref="InvalidOperationException">The property is not encrypted.</exception>
    public static PropertyBuilder HasBlindIndex(this PropertyBuilder builder, string indexProperty, BlindIndexNormalization normalization, int bits)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(indexProperty);
        var property = builder.Metadata;
        if (property.GetEncryption() is null)
        {
            throw new InvalidOperationException($"Call IsEncrypted() on '{property.DeclaringType.DisplayName()}.{property.Name}' before HasBlindIndex().");
        }

        if (property.ClrType != typeof(string))
        {
            throw new InvalidOperationException($"Blind indexes are kept for string properties; '{property.DeclaringType.DisplayName()}.{property.Name}' is {property.ClrType.Name}.");
        }

        var entityType = (IMutableEntityType)property.DeclaringType;
        var column = entityType.FindProperty(indexProperty) ?? entityType.AddProperty(indexProperty, typeof(string));
        column.SetMaxLength(BlindIndexText.MaxLength);
        if (entityType.FindIndex(column) is null)
        {
            entityType.AddIndex(column);
        }

        var index = BlindIndex.Create($"{entityType.ClrType.Name}.{indexProperty}", normalization, bits);
        builder.HasAnnotation(BlindIndexAnnotations.Name, BlindIndexAnnotations.Format(indexProperty, index));
        return builder;
    }
}
