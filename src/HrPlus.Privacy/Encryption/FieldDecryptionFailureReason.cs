namespace HrPlus.Privacy.Encryption;

/// <summary>Why a value could not be decrypted.</summary>
public enum FieldDecryptionFailureReason
{
    /// <summary>
    /// The input is not a ciphertext of this SDK: too short, not <c>hp1.</c> text, not canonical base64url,
    /// or a plaintext that is not valid UTF-8 where text was asked for.
    /// </summary>
    Malformed = 1,

    /// <summary>The key id in the header names no key in this application's key store.</summary>
    UnknownKey = 2,

    /// <summary>
    /// The authentication tag does not verify: the value was changed, or it belongs to another field, row or
    /// subject (the associated data differs).
    /// </summary>
    Tampered = 3,

    /// <summary>The version byte names a format this version of the SDK does not read.</summary>
    UnsupportedVersion = 4,

    /// <summary>The key was destroyed: the value can never be decrypted again.</summary>
    KeyDestroyed = 5,

    /// <summary>
    /// The context is bound to a subject whose data is blocked (Law 94-V: while a request about it is checked); only the
    /// audited verification path (<c>ISubjectBlocking.DecryptForVerificationAsync</c>) decrypts it.
    /// </summary>
    SubjectBlocked = 6,

    /// <summary>
    /// The key is in the key store, but this instance cannot unwrap it: its DataProtection key ring (or application name)
    /// differs, or, for a subject's key, the epoch key that wraps it is not in this instance's epoch-key store. The message
    /// names the key that cannot be unwrapped and where it was looked for. Unlike <see cref="UnknownKey"/> the value is not
    /// lost: it decrypts on an instance that has those keys. Encryption for a subject whose live key is in this state fails
    /// with this reason instead of making a second key.
    /// </summary>
    KeyUnavailable = 7,
}
