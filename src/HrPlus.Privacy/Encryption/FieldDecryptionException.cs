using System.Security.Cryptography;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// The single exception type for every value that cannot be decrypted, with the <see cref="Reason"/>.
/// </summary>
/// <remarks>
/// Messages never contain the ciphertext, the plaintext or key material; they name the reason and, where
/// known, the key id, which is not secret.
/// </remarks>
public sealed class FieldDecryptionException : CryptographicException
{
    /// <summary>Initializes a new instance with a reason and a message that contains no personal data.</summary>
    public FieldDecryptionException(FieldDecryptionFailureReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>Initializes a new instance with a reason, a message and the underlying failure.</summary>
    public FieldDecryptionException(FieldDecryptionFailureReason reason, string message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Gets why decryption failed.</summary>
    public FieldDecryptionFailureReason Reason { get; }

    internal static FieldDecryptionException Malformed(string what) =>
        new(FieldDecryptionFailureReason.Malformed, $"The value is not a field ciphertext: {what}.");

    internal static FieldDecryptionException UnsupportedVersion(byte version) =>
        new(FieldDecryptionFailureReason.UnsupportedVersion, $"The ciphertext has format version {version}; this version of HrPlus.Privacy reads version 1. Upgrade the package that wrote it on every reader.");

    internal static FieldDecryptionException UnknownKey(uint keyId) =>
        new(FieldDecryptionFailureReason.UnknownKey, $"The ciphertext names key {FormatKeyId(keyId)}, which is not in the key store. Check that every instance shares the same field key store and DataProtection key ring.");

    internal static FieldDecryptionException KeyUnavailable(uint keyId) =>
        KeyUnavailable(keyId, "this application's DataProtection key ring cannot unwrap it; check that every instance shares the same DataProtection key ring and application name");

    /// <summary>A key in the store that this instance cannot unwrap; <paramref name="why"/> names the key that fails and where it lives.</summary>
    internal static FieldDecryptionException KeyUnavailable(uint keyId, string why) =>
        new(FieldDecryptionFailureReason.KeyUnavailable, $"Key {FormatKeyId(keyId)} is in the key store but this instance cannot unwrap it: {why}.");

    internal static FieldDecryptionException KeyDestroyed(uint keyId) =>
        new(FieldDecryptionFailureReason.KeyDestroyed, $"Key {FormatKeyId(keyId)} was destroyed; values encrypted under it can no longer be decrypted.");

    internal static FieldDecryptionException Tampered(uint keyId, Exception? inner) =>
        new(FieldDecryptionFailureReason.Tampered, $"The authentication tag of a ciphertext under key {FormatKeyId(keyId)} does not verify: the value was changed, or it belongs to another field, row or subject.", inner);

    internal static FieldDecryptionException SubjectBlocked() =>
        new(FieldDecryptionFailureReason.SubjectBlocked, "The subject's data is blocked while a request about it is checked; use the audited verification path (ISubjectBlocking.DecryptForVerificationAsync) if the check needs the value.");

    internal static string FormatKeyId(uint keyId) => keyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
}
