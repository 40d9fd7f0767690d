namespace HrPlus.Privacy.Encryption;

/// <summary>The life-cycle state of a key.</summary>
public enum FieldKeyState
{
    /// <summary>The key encrypts new values (when it is the newest active key) and decrypts.</summary>
    Active = 1,

    /// <summary>The key only decrypts; values under it should be moved to the current key.</summary>
    Retired = 2,

    /// <summary>The key material is gone: values under it can never be decrypted again.</summary>
    Destroyed = 3,
}
