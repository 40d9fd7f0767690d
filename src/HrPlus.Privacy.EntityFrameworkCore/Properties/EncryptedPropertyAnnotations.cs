using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>The model annotations that mark a property as encrypted, and how they are applied.</summary>
internal static class EncryptedPropertyAnnotations
{
    public const string Name = "HrPlus:Encryption";

    public const string SubjectPropertyName = "HrPlus:EncryptionSubject";

    public const string LegacyPlaintextName = "HrPlus:EncryptionLegacyPlaintext";

    public static EncryptionBinding? GetEncryption(this IReadOnlyProperty property) =>
        property.FindAnnotation(Name)?.Value is int binding ? (EncryptionBinding)binding : null;

    public static string? GetSubjectProperty(this IReadOnlyProperty property) =>
        property.FindAnnotation(SubjectPropertyName)?.Value is string name ? name : null;

    /// <summary>Gets whether a value that is not ciphertext loads as legacy plaintext instead of being refused.</summary>
    public static bool AcceptsLegacyPlaintext(this IReadOnlyProperty property) =>
        property.FindAnnotation(LegacyPlaintextName)?.Value is true;

    /// <summary>Marks <paramref name="property"/> encrypted: binding, subject, column length and the column guard.</summary>
    /// <param name="property">The property.</param>
    /// <param name="binding">What the ciphertext is bound to besides entity and field.</param>
    /// <param name="subjectProperty">With <see cref="EncryptionBinding.Subject"/>: the property holding the subject id.</param>
    /// <param name="hooked">Whether the model is built for a context with the hook (then values load to be decrypted).</param>
    /// <param name="validateSubject">Whether a missing subject property is refused now (not while <c>UseHrPlusPrivacy()</c>
    /// applies attributes to types that conventions may still turn into complex types: the finished model is checked).</param>
    public static void Apply(IMutableProperty property, EncryptionBinding binding, string? subjectProperty, bool hooked = false, bool validateSubject = true)
    {
        var isText = property.ClrType == typeof(string);
        if (!isText && property.ClrType != typeof(byte[]))
        {
            throw new InvalidOperationException($"Only string and byte[] properties can be encrypted; '{property.DeclaringType.DisplayName()}.{property.Name}' is {property.ClrType.Name}.");
        }

        if (property.GetEncryption() is null && property.GetMaxLength() is { } plaintextLength)
        {
            // A string's length is in characters; UTF-8 takes at most 3 bytes for each UTF-16 code unit.
            property.SetMaxLength(isText
                ? FieldCiphertext.GetTextLength(checked(plaintextLength * 3))
                : FieldCiphertext.GetCiphertextLength(plaintextLength));
        }

        if (binding == EncryptionBinding.Subject)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(subjectProperty);
            // On a complex type the subject id may be the containing entity's.
            if (validateSubject && EncryptedPropertyAccessor.FindSubject(property, subjectProperty) is null)
            {
                throw MissingSubject(property, subjectProperty);
            }

            property.SetAnnotation(SubjectPropertyName, subjectProperty);
        }

        property.SetAnnotation(Name, (int)binding);
        SetGuard(property, hooked);
    }

    /// <summary>The error for a subject binding whose subject property does not exist.</summary>
    public static InvalidOperationException MissingSubject(IReadOnlyProperty property, string subjectProperty) =>
        new($"'{property.DeclaringType.DisplayName()}' has no property '{subjectProperty}' to bind '{property.Name}' to.");

    /// <summary>Sets the column guard of an encrypted property (see <see cref="EncryptedColumnGuard{T}"/>).</summary>
    public static void SetGuard(IMutableProperty property, bool hooked)
    {
        property.SetValueConverter(property.ClrType == typeof(string)
            ? new EncryptedColumnGuard<string>(property.DeclaringType.DisplayName(), property.Name, hooked)
            : new EncryptedColumnGuard<byte[]>(property.DeclaringType.DisplayName(), property.Name, hooked));
    }
}
