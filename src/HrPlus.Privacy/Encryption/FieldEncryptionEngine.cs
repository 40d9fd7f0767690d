namespace HrPlus.Privacy.Encryption;

/// <summary>Which AES-256-GCM implementation field encryption uses. Both give identical bytes (format v1 is unchanged).</summary>
public enum FieldEncryptionEngine
{
    /// <summary>
    /// libsodium's AES-256-GCM where this CPU and platform support it (AES-NI and CLMUL on x64, the ARMv8 crypto
    /// extensions on arm64), otherwise the platform's. The default.
    /// </summary>
    Auto = 0,

    /// <summary>
    /// The platform's <see cref="System.Security.Cryptography.AesGcm"/> (OpenSSL on Linux, CNG on Windows): for deployments
    /// that must use a FIPS-validated module.
    /// </summary>
    Platform = 1,

    /// <summary>libsodium's AES-256-GCM through NSec.Cryptography; start-up fails where it is not supported.</summary>
    Libsodium = 2,
}
