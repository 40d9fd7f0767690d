using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Marks properties of complex types as encrypted at rest with HrPlus.Privacy.</summary>
public static class EncryptedComplexPropertyBuilderExtensions
{
    /// <summary>
    /// Stores this property of a complex type encrypted and decrypts it on load, exactly like
    /// <see cref="EncryptedPropertyBuilderExtensions.IsEncrypted(PropertyBuilder, EncryptionBinding, string?)"/> on a property of an entity: the value is
    /// bound to the entity that holds the complex type (its row, or its subject), under the field name of its path
    /// (<c>Address.Street</c>).
    /// </summary>
    /// <param name="builder">The property of the complex type.</param>
    /// <param name="binding">What the ciphertext is bound to besides entity and field.</param>
    /// <param name="subjectProperty">With <see cref="EncryptionBinding.Subject"/>: the property holding the subject id, on the complex type or on the entity that holds it.</param>
    /// <remarks>The complex type must be a class, and neither a collection nor mapped to JSON: the model is refused otherwise.</remarks>
    /// <exception cref="InvalidOperationException">The property is neither a string nor a byte array, or the subject property is missing.</exception>
    public static ComplexTypePropertyBuilder IsEncrypted(this ComplexTypePropertyBuilder builder, EncryptionBinding binding = EncryptionBinding.None, string? subjectProperty = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        EncryptedPropertyAnnotations.Apply(builder.Metadata, binding, subjectProperty);
        return builder;
    }

    /// <summary>The same as <see cref="EncryptedPropertyBuilderExtensions.AcceptLegacyPlaintext(PropertyBuilder, bool)"/>, for a property of a complex type.</summary>
    /// <param name="builder">An encrypted property of a complex type.</param>
    /// <param name="accept"><see langword="false"/> to go back to strict.</param>
    public static ComplexTypePropertyBuilder AcceptLegacyPlaintext(this ComplexTypePropertyBuilder builder, bool accept = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasAnnotation(EncryptedPropertyAnnotations.LegacyPlaintextName, accept);
        return builder;
    }
}
