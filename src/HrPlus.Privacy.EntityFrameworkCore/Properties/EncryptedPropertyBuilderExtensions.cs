using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Marks entity properties as encrypted at rest with HrPlus.Privacy.</summary>
public static class EncryptedPropertyBuilderExtensions
{
    /// <summary>
    /// Stores this string property encrypted (<c>hp1.</c> text) and decrypts it on load; null stays null. Needs
    /// <c>UseHrPlusPrivacy(serviceProvider)</c> on the context options.
    /// </summary>
    /// <param name="builder">The property.</param>
    /// <param name="binding">What the ciphertext is bound to besides entity and field.</param>
    /// <remarks>
    /// Queries cannot compare encrypted columns with plaintext; search through a blind index instead. The column
    /// holds text of <see cref="FieldCiphertext.GetTextLength"/> characters for a plaintext of that many UTF-8 bytes.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The property is not a string.</exception>
    public static PropertyBuilder IsEncrypted(this PropertyBuilder builder, EncryptionBinding binding = EncryptionBinding.None)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Metadata.ClrType != typeof(string))
        {
            throw new InvalidOperationException($"Only string properties can be encrypted; '{builder.Metadata.DeclaringType.DisplayName()}.{builder.Metadata.Name}' is {builder.Metadata.ClrType.Name}.");
        }

        builder.HasAnnotation(EncryptedPropertyAnnotations.Name, (int)binding);
        return builder;
    }
}
