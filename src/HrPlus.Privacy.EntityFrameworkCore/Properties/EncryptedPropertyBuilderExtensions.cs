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
    /// <para>Entities always hold plaintext (text that starts with <c>hp1.</c> included: it is encrypted like any other),
    /// and only ciphertext made on save reaches the column: a save on a context without
    /// <c>UseHrPlusPrivacy(serviceProvider)</c>, <c>ExecuteUpdate</c> and query parameters compared with the column are
    /// refused. A value in the column that is not ciphertext is refused on load unless <see cref="AcceptLegacyPlaintext"/>
    /// is set. Prefer <see cref="EncryptionBinding.Row"/> (with a key assigned in code) or
    /// <see cref="EncryptionBinding.Subject"/>: with <see cref="EncryptionBinding.None"/> a ciphertext copied to another
    /// row decrypts there.</para>
    /// Queries cannot compare encrypted columns with plaintext; search through a blind index instead. A maximum
    /// length set before this call is taken as the plaintext's (in characters, or bytes for binary) and the column's is
    /// widened to the ciphertext's; without one the column is unbounded (<c>TEXT</c>, <c>text</c>, <c>bytea</c>). A
    /// maximum length set afterwards that cannot hold any ciphertext is reported at the first save.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The property is neither a string nor a byte array, or the subject property is missing.</exception>
    public static PropertyBuilder IsEncrypted(this PropertyBuilder builder, EncryptionBinding binding = EncryptionBinding.None, string? subjectProperty = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        EncryptedPropertyAnnotations.Apply(builder.Metadata, binding, subjectProperty);
        return builder;
    }

    /// <summary>
    /// Lets this encrypted property load a value that is not ciphertext as legacy plaintext, while
    /// <c>MigrateEncryptedDataAsync</c> encrypts a column that was written before the property was encrypted. Remove
    /// the call once the migration has run: by default (strict) such a value is refused on load with a
    /// <see cref="FieldDecryptionException"/> (<see cref="FieldDecryptionFailureReason.Malformed"/>), so that whoever
    /// can write to the database cannot pass a plaintext off as a genuine value.
    /// </summary>
    /// <param name="builder">A property marked <c>IsEncrypted()</c> or <c>[Encrypted]</c> (either may come later).</param>
    /// <param name="accept"><see langword="false"/> to go back to strict.</param>
    /// <remarks>The migration encrypts every plaintext it finds whether or not this is set.</remarks>
    public static PropertyBuilder AcceptLegacyPlaintext(this PropertyBuilder builder, bool accept = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasAnnotation(EncryptedPropertyAnnotations.LegacyPlaintextName, accept);
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
    /// <remarks>Blind indexes are kept for properties of an entity type itself (declared or inherited); on a property of a
    /// complex or owned type the call, and a model carrying such an index, are refused.</remarks>
    /// <exception cref="InvalidOperationException">The property is not encrypted, or is not a property of an entity type itself.</exception>
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

        if (property.DeclaringType is not IMutableEntityType entityType || entityType.IsOwned())
        {
            throw BlindIndexAnnotations.NotOnEntity(property);
        }

        var column = entityType.FindProperty(indexProperty) ?? entityType.AddProperty(indexProperty, typeof(string));
        column.SetMaxLength(BlindIndexText.MaxLength);
        if (entityType.FindIndex(column) is null)
        {
            entityType.AddIndex(column);
        }

        var index = BlindIndex.Create($"{EncryptionNames.Of(entityType)}.{indexProperty}", normalization, bits);
        builder.HasAnnotation(BlindIndexAnnotations.Name, BlindIndexAnnotations.Format(indexProperty, index));
        return builder;
    }

    /// <summary>
    /// Pins the entity name this entity's encrypted values are bound to, instead of its CLR type's short name (the same as
    /// <see cref="EncryptionNameAttribute"/> on the class). Call it before blind indexes are configured, and before the first
    /// value is stored: the name is part of every ciphertext.
    /// </summary>
    /// <param name="builder">The entity.</param>
    /// <param name="name">The stored name: 1 to <see cref="FieldContext.MaxNameBytes"/> UTF-8 bytes, no control characters.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">The name is not valid for a <see cref="FieldContext"/>.</exception>
    public static EntityTypeBuilder<TEntity> HasEncryptionName<TEntity>(this EntityTypeBuilder<TEntity> builder, string name)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        _ = FieldContext.For(name, "x"); // validates the name the same way every context does
        builder.HasAnnotation(EncryptionNames.Annotation, name);
        return builder;
    }
}
