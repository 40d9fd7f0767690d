using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Takes an already-encrypted value into an entity, explicitly.</summary>
public static class EncryptedPropertyEntryExtensions
{
    /// <summary>
    /// Sets an encrypted string property from a ciphertext (from another system, a backup, an export) instead of a
    /// plaintext: the ciphertext is decrypted under this property, row and subject, the entity gets the plaintext,
    /// and the next save encrypts it again like any other value.
    /// </summary>
    /// <param name="entry">The property of a tracked entity, e.g. <c>db.Entry(pupil).Property(p =&gt; p.Iin)</c>.</param>
    /// <param name="ciphertext">A value in <c>hp1.</c> text form made for this property (and row or subject, when bound).</param>
    /// <remarks>
    /// Assigning a ciphertext to the property itself stores it as text (encrypted like any other text): only this
    /// method treats a value as ciphertext, and only one that decrypts here.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The property is not encrypted, or its row or subject is not known yet.</exception>
    /// <exception cref="FieldDecryptionException">The ciphertext does not decrypt for this property, row or subject.</exception>
    public static void SetCurrentValueFromCiphertext(this PropertyEntry entry, string ciphertext)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(ciphertext);
        var property = entry.Metadata;
        if (property.GetEncryption() is not { } binding || property.ClrType != typeof(string))
        {
            throw new InvalidOperationException($"'{property.DeclaringType.DisplayName()}.{property.Name}' is not an encrypted string property.");
        }

        var services = PrivacyDbContextOptionsExtension.For(entry.EntityEntry.Context);
        entry.CurrentValue = services.Encryptor.Decrypt(ciphertext, EncryptedFieldContexts.For(entry.EntityEntry, property, binding));
    }
}
