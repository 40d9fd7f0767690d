using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>The model annotation that marks a property as encrypted, and the per-entity plan derived from it.</summary>
internal static class EncryptedPropertyAnnotations
{
    public const string Name = "HrPlus:Encryption";

    public const string SubjectPropertyName = "HrPlus:EncryptionSubject";

    public static EncryptionBinding? GetEncryption(this IReadOnlyProperty property) =>
        property.FindAnnotation(Name)?.Value is int binding ? (EncryptionBinding)binding : null;

    public static string? GetSubjectProperty(this IReadOnlyProperty property) =>
        property.FindAnnotation(SubjectPropertyName)?.Value as string;
}
